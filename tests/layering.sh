#!/usr/bin/env bash
# Fails when a header or source includes an area above its own: the direction is
# tensor <- autograd <- {nn, loss, optim, dist} <- train <- doctor <- report <- tune; data, metrics, plot,
# io and onnx see only what is listed.
set -euo pipefail
root=${1:-.}
declare -A allowed=(
  [tensor]="tensor"
  [autograd]="tensor autograd"
  [nn]="tensor autograd nn"
  [loss]="tensor autograd loss"
  [optim]="tensor autograd optim"
  [dist]="tensor autograd nn dist"
  [data]="tensor data io"
  [metrics]="metrics io"
  [io]="io"
  [plot]="plot io"
  [onnx]="tensor autograd nn data onnx"
  [train]="tensor autograd nn loss optim dist data metrics io train"
  [doctor]="tensor autograd nn loss optim dist data metrics io train doctor"
  [report]="tensor autograd nn loss optim dist data metrics plot io train doctor report"
  [tune]="tensor autograd nn loss optim dist data metrics plot io train doctor report tune"
)
bad=0
for area in "${!allowed[@]}"; do
  for dir in "$root/include/nabla/$area" "$root/src/$area"; do
    [ -d "$dir" ] || continue
    while IFS= read -r line; do
      file=${line%%:*}
      used=$(sed -E 's/.*#include <nabla\/([a-z_]+)\/.*/\1/' <<<"$line")
      if [[ " ${allowed[$area]} " != *" $used "* ]]; then
        echo "layering: $file includes nabla/$used, above area '$area'"
        bad=1
      fi
    done < <(grep -rHE '#include <nabla/[a-z_]+/' "$dir" || true)
  done
done
[ $bad -eq 0 ] && echo "layering: all includes point down"
exit $bad
