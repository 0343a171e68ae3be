// SPDX-License-Identifier: GPL-3.0-or-later
// Fuzzes the raw reader: the first 8 bytes choose the storage (dtype, byte order, layout, header
// bytes, declared bins/frames), the rest is the file. Declared shapes that disagree with the size
// must be refused before any allocation.
#include "core/base/error.hpp"
#include "core/io/raw.hpp"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size < 8)
        return 0;
    using namespace phaselab;
    StorageSpec spec;
    spec.container = Container::Raw;
    spec.dtype = static_cast<DType>(data[0] % 6);
    spec.byteOrder = (data[1] & 1) ? ByteOrder::Big : ByteOrder::Little;
    spec.layout = (data[1] & 2) ? MatrixLayout::BinsByFrames : MatrixLayout::FramesByBins;
    spec.headerBytes = data[2] % 64;
    // Declared sizes, sometimes absurd, sometimes absent (0 = infer from the file size).
    spec.bins = (data[3] & 0x80) ? (data[4] << 23) : data[4];
    spec.frames = (data[5] & 0x80) ? -static_cast<int>(data[6]) : data[6];
    spec.quantScale = (data[7] & 1) ? 1.0 / 32768.0 : 1.0;
    const std::span<const unsigned char> file(data + 8, size - 8);
    try {
        if (isComplex(spec.dtype))
            (void)decodeRawComplex(file, spec, "fuzz.raw");
        else
            (void)decodeRawReal(file, spec, "fuzz.raw");
    } catch (const Error&) {
    }
    return 0;
}
