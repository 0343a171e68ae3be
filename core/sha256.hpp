// SHA-256 (FIPS 180-4) of a byte stream or a file, as lowercase hex: the fingerprint a forensic
// report gives its inputs. Incremental: update() any number of times, then hex() once.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

namespace phaselab {

class Sha256 {
public:
    Sha256();
    void update(const void* data, std::size_t size);
    /// The digest as 64 hex digits; the object is spent afterwards.
    std::string hex();

private:
    void block(const std::uint8_t* data);
    std::array<std::uint32_t, 8> state_;
    std::array<std::uint8_t, 64> buffer_{};
    std::size_t buffered_ = 0;
    std::uint64_t length_ = 0;
};

/// SHA-256 of a whole file, read in chunks; throws InputError when it cannot be read.
std::string sha256OfFile(const std::string& path);

} // namespace phaselab
