#!/usr/bin/env bash
# Fine-tuning against training from scratch when labels are few: the ConvNet pretrained on Fashion-MNIST
# classes 0-4 (T-shirt … Coat), then classes 5-9 (Sandal … Ankle boot) learnt from 50 labelled training
# images per class, once from the pretrained weights (frozen convolutions, a new head) and once from a
# fresh initialisation, both tested on the whole test set of classes 5-9.
# Usage: examples/fine_tune.sh [OUT_DIR]
#   NABLA: the binary (default build/release/nabla); SEED (default 0); THREADS (default 0: every core)
set -euo pipefail
nabla=${NABLA:-build/release/nabla}
out=${1:-runs/fine-tune}
seed=${SEED:-0}
threads=${THREADS:-0}
few="--classes 5,6,7,8,9 --limit-per-class 50 --epochs 30 --seed $seed --threads $threads"

# Each run prints its progress; its test line is kept for the comparison at the end.
train() {
  local name=$1
  shift
  "$nabla" train --out "$out/$name" "$@" | tee "$out/$name.log"
}

mkdir -p "$out"
train pretrain --classes 0,1,2,3,4 --epochs 2 --seed "$seed" --threads "$threads"
# The convolutions (layers 0 and 3) keep their pretrained weights; the last linear layer starts afresh
# with 5 outputs; the hidden linear layer (7) goes on learning from its pretrained weights.
train fine-tuned $few --init-from "$out/pretrain" --reset-head --freeze 0.,3.
train scratch $few

echo
for name in fine-tuned scratch; do
  printf '%-11s %s\n' "$name" "$(grep '^test:' "$out/$name.log")"
done
