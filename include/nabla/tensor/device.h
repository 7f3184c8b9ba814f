// Where a tensor's storage lives. Only the CPU has kernels today; every kernel entry point checks the
// device in one place (tensor/dispatch), so a CUDA backend plugs in there.
#pragma once
#include <cstdint>
#include <string_view>

namespace nabla {

enum class Device : uint8_t { cpu, cuda };

[[nodiscard]] constexpr std::string_view device_name(Device d) { return d == Device::cpu ? "cpu" : "cuda"; }

}  // namespace nabla
