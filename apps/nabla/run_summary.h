// The short summary printed at the end of `nabla train` and `nabla eval`.
#pragma once
#include <nabla/train/trainer.h>

namespace nabla::cli {

void print_run_summary(const train::TrainResult& result, bool as_json);

}  // namespace nabla::cli
