// SPDX-License-Identifier: GPL-3.0-or-later
// SHA-256 (FIPS 180-4) of bytes and of files, as lowercase hex, for recording exactly which input a
// result came from (batch results, reports). Files are read in blocks, never whole.
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
    /// The digest as 64 lowercase hex digits; the object is spent afterwards.
    std::string hexDigest();

private:
    void compress(const std::uint8_t* block);

    std::array<std::uint32_t, 8> state_;
    std::array<std::uint8_t, 64> buffer_{};
    std::size_t buffered_ = 0;
    std::uint64_t length_ = 0; ///< bytes hashed so far
};

std::string sha256Hex(const void* data, std::size_t size);
/// IoError when the file cannot be opened or read (the message names it).
std::string fileSha256(const std::string& path);

} // namespace phaselab
