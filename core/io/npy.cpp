// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/io/npy.hpp"

#include "core/base/error.hpp"
#include "core/io/atomic_file.hpp"
#include "core/io/file_bytes.hpp"
#include "core/io/value_codec.hpp"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <functional>
#include <limits>
#include <optional>

namespace phaselab {
namespace {

constexpr unsigned char kMagic[] = {0x93, 'N', 'U', 'M', 'P', 'Y'};
constexpr std::size_t kPrefixV1 = 10; // magic 6 + version 2 + uint16 length
constexpr std::size_t kPrefixV2 = 12; // magic 6 + version 2 + uint32 length
// numpy itself refuses headers above 10 000 characters by default; allow far more, but bounded,
// so a lying length field cannot make us read (or allocate) gigabytes.
constexpr std::uint32_t kMaxHeaderText = 1u << 20;
constexpr std::size_t kChunkBytes = 1u << 20;

using ChunkReader = std::function<void(std::int64_t offset, std::int64_t count,
                                       const std::function<void(const unsigned char*, std::size_t, std::int64_t)>&)>;

[[noreturn]] void fail(const std::string& name, const std::string& what)
{
    throw InputError("'" + name + "' is not a valid .npy file: " + what);
}

// A tiny parser for the header's Python dict literal:
// {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }
class DictParser {
public:
    DictParser(const std::string& text, const std::string& name) : text_(text), name_(name) {}

    void parse(std::optional<std::string>& descr, std::optional<bool>& fortran,
               std::optional<std::vector<std::int64_t>>& shape)
    {
        expect('{');
        while (true) {
            skipSpace();
            if (peek() == '}') {
                ++pos_;
                break;
            }
            const std::string key = parseString();
            expect(':');
            skipSpace();
            if (key == "descr") {
                if (peek() != '\'' && peek() != '"')
                    fail(name_, "its dtype is a structured or nested type, which PhaseLab does not read; save a plain numeric array");
                descr = parseString();
            } else if (key == "fortran_order") {
                fortran = parseBool();
            } else if (key == "shape") {
                shape = parseTuple();
            } else {
                fail(name_, "unexpected key '" + key + "' in its header");
            }
            skipSpace();
            if (peek() == ',') {
                ++pos_;
                continue;
            }
            skipSpace();
            if (peek() == '}') {
                ++pos_;
                break;
            }
            fail(name_, "its header dictionary is malformed near character " + std::to_string(pos_));
        }
    }

private:
    char peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }
    void skipSpace()
    {
        while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_])))
            ++pos_;
    }
    void expect(char c)
    {
        skipSpace();
        if (peek() != c)
            fail(name_, std::string("its header dictionary is malformed (expected '") + c + "' at character "
                            + std::to_string(pos_) + ")");
        ++pos_;
    }
    std::string parseString()
    {
        skipSpace();
        const char quote = peek();
        if (quote != '\'' && quote != '"')
            fail(name_, "its header dictionary is malformed (expected a quoted string at character "
                            + std::to_string(pos_) + ")");
        ++pos_;
        const std::size_t end = text_.find(quote, pos_);
        if (end == std::string::npos || end - pos_ > 64)
            fail(name_, "its header dictionary has an unterminated or overlong string");
        std::string value = text_.substr(pos_, end - pos_);
        pos_ = end + 1;
        return value;
    }
    bool parseBool()
    {
        if (text_.compare(pos_, 4, "True") == 0) {
            pos_ += 4;
            return true;
        }
        if (text_.compare(pos_, 5, "False") == 0) {
            pos_ += 5;
            return false;
        }
        fail(name_, "its 'fortran_order' is neither True nor False");
    }
    std::vector<std::int64_t> parseTuple()
    {
        expect('(');
        std::vector<std::int64_t> dims;
        while (true) {
            skipSpace();
            if (peek() == ')') {
                ++pos_;
                return dims;
            }
            if (!std::isdigit(static_cast<unsigned char>(peek())))
                fail(name_, "its shape holds something other than non-negative integers");
            std::int64_t value = 0;
            while (std::isdigit(static_cast<unsigned char>(peek()))) {
                const int digit = peek() - '0';
                if (value > (std::numeric_limits<std::int64_t>::max() - digit) / 10)
                    fail(name_, "its shape has a dimension too large to be real");
                value = value * 10 + digit;
                ++pos_;
            }
            if (peek() == 'L') // Python 2 long literal
                ++pos_;
            dims.push_back(value);
            if (dims.size() > 32)
                fail(name_, "its shape has more than 32 dimensions");
            skipSpace();
            if (peek() == ',') {
                ++pos_;
                continue;
            }
            skipSpace();
            if (peek() != ')')
                fail(name_, "its shape tuple is malformed");
        }
    }

    const std::string& text_;
    const std::string& name_;
    std::size_t pos_ = 0;
};

void parseDescr(const std::string& descr, NpyHeader& header, const std::string& name)
{
    if (descr.size() < 2)
        fail(name, "its dtype '" + descr + "' is not understood");
    const char order = descr[0];
    std::string code = descr.substr(1);
    if (order == '<')
        header.byteOrder = ByteOrder::Little;
    else if (order == '>')
        header.byteOrder = ByteOrder::Big;
    else if (order == '=')
        header.byteOrder = nativeByteOrder();
    else if (order == '|')
        header.byteOrder = nativeByteOrder();
    else
        code = descr;
    static const struct {
        const char* code;
        DType dtype;
    } kCodes[] = {{"f4", DType::Float32},   {"f8", DType::Float64},     {"c8", DType::Complex64},
                  {"c16", DType::Complex128}, {"i2", DType::Int16},     {"i4", DType::Int32}};
    for (const auto& entry : kCodes)
        if (code == entry.code) {
            header.dtype = entry.dtype;
            return;
        }
    throw InputError("'" + name + "' holds dtype '" + descr
                     + "', which PhaseLab does not read; convert it with numpy first, e.g. "
                       "np.save(path, a.astype(np.float32)) (readable: float32, float64, complex64, "
                       "complex128, int16, int32, either byte order)");
}

std::int64_t checkedProduct(const std::vector<std::int64_t>& shape, std::int64_t limit, bool& overflow)
{
    std::int64_t product = 1;
    overflow = false;
    for (std::int64_t dim : shape) {
        if (dim == 0)
            return 0;
    }
    for (std::int64_t dim : shape) {
        if (product > limit / dim) {
            overflow = true;
            return 0;
        }
        product *= dim;
    }
    return product;
}

std::string shapeText(const std::vector<std::int64_t>& shape)
{
    std::string text = "(";
    for (std::size_t i = 0; i < shape.size(); ++i) {
        if (i)
            text += ", ";
        text += std::to_string(shape[i]);
    }
    if (shape.size() == 1)
        text += ",";
    text += ")";
    return text;
}

// Decodes the data of a checked header into C-order values, chunk by chunk.
template <class Value>
std::vector<Value> decodeData(const NpyHeader& header, const ChunkReader& readChunks)
{
    const std::size_t count = static_cast<std::size_t>(header.valueCount());
    if (count == 0) // a zero extent: the other extents may multiply past int64 in the strides below
        return {};
    std::vector<Value> values(count);
    const int valueBytes = bytesPerValue(header.dtype);
    static_assert(kChunkBytes % 16 == 0, "chunks must hold whole values of every dtype");
    const bool permute = header.fortranOrder && header.shape.size() > 1;
    // Fortran order: the file runs with the first index fastest. Walk that order with a counter
    // and keep the matching C-order offset up to date (no second copy of the data).
    const std::size_t dims = header.shape.size();
    std::vector<std::int64_t> index(dims, 0), cStride(dims, 1);
    for (std::size_t k = dims; k-- > 1;)
        cStride[k - 1] = cStride[k] * header.shape[k];
    std::int64_t cOffset = 0;
    std::vector<Value> decoded;
    readChunks(header.headerBytes, header.dataBytes(),
               [&](const unsigned char* data, std::size_t size, std::int64_t position) {
                   const std::size_t first = static_cast<std::size_t>(position / valueBytes);
                   const std::size_t n = size / static_cast<std::size_t>(valueBytes);
                   Value* target = values.data() + first;
                   if (permute) {
                       decoded.resize(n);
                       target = decoded.data();
                   }
                   if constexpr (std::is_same_v<Value, double>)
                       decodeRealValues(data, n, header.dtype, header.byteOrder, target);
                   else
                       decodeComplexValues(data, n, header.dtype, header.byteOrder, target);
                   if (!permute)
                       return;
                   for (std::size_t i = 0; i < n; ++i) {
                       values[static_cast<std::size_t>(cOffset)] = decoded[i];
                       for (std::size_t k = 0; k < dims; ++k) {
                           cOffset += cStride[k];
                           if (++index[k] < header.shape[k])
                               break;
                           cOffset -= cStride[k] * header.shape[k];
                           index[k] = 0;
                       }
                   }
               });
    return values;
}

NpyArray decodeWith(const NpyHeader& header, const ChunkReader& readChunks)
{
    NpyArray array;
    array.header = header;
    if (isComplex(header.dtype))
        array.complex = decodeData<std::complex<double>>(header, readChunks);
    else
        array.real = decodeData<double>(header, readChunks);
    return array;
}

// Writes values (convertible to double or complex<double>) encoded as dtype.
template <class Wide, class Value>
void writeArray(const std::string& path, std::span<const Value> values, const std::vector<std::int64_t>& shape,
                DType dtype)
{
    constexpr bool complexValues = !std::is_same_v<Wide, double>;
    if (complexValues != isComplex(dtype) || isInteger(dtype))
        throw InputError("internal: cannot write " + std::string(complexValues ? "complex" : "real")
                         + " values as .npy dtype " + dtypeName(dtype));
    bool overflow = false;
    for (std::int64_t dim : shape)
        if (dim < 0)
            throw InputError("internal: negative .npy shape");
    const std::int64_t count = checkedProduct(shape, std::numeric_limits<std::int64_t>::max() / 16, overflow);
    if (overflow || count != static_cast<std::int64_t>(values.size()))
        throw InputError("internal: .npy shape " + shapeText(shape) + " does not match "
                         + std::to_string(values.size()) + " values");
    AtomicFile file(path);
    const std::string header = makeNpyHeader(dtype, ByteOrder::Little, shape);
    file.write(header.data(), header.size());
    constexpr std::size_t kBlock = 1 << 16;
    std::vector<Wide> wide(std::min<std::size_t>(kBlock, values.size()));
    std::vector<unsigned char> bytes(wide.size() * static_cast<std::size_t>(bytesPerValue(dtype)));
    for (std::size_t begin = 0; begin < values.size(); begin += kBlock) {
        const std::size_t n = std::min(kBlock, values.size() - begin);
        for (std::size_t i = 0; i < n; ++i)
            wide[i] = static_cast<Wide>(values[begin + i]);
        if constexpr (complexValues)
            encodeComplexValues(wide.data(), n, dtype, ByteOrder::Little, bytes.data());
        else
            encodeRealValues(wide.data(), n, dtype, ByteOrder::Little, bytes.data());
        file.write(bytes.data(), n * static_cast<std::size_t>(bytesPerValue(dtype)));
    }
    file.commit();
}

} // namespace

std::int64_t NpyHeader::valueCount() const
{
    bool overflow = false;
    return checkedProduct(shape, std::numeric_limits<std::int64_t>::max(), overflow);
}

std::string NpyHeader::describe() const
{
    std::string text = dtypeName(dtype);
    text += " (";
    text += descr;
    text += "), shape ";
    text += shapeText(shape);
    text += fortranOrder ? ", Fortran order" : ", C order";
    return text;
}

NpyHeader parseNpyHeader(std::span<const unsigned char> bytes, std::int64_t fileBytes, const std::string& name)
{
    if (fileBytes < static_cast<std::int64_t>(kPrefixV1) || bytes.size() < kPrefixV1)
        fail(name, "it is only " + std::to_string(fileBytes) + " bytes long, shorter than any .npy header");
    if (std::memcmp(bytes.data(), kMagic, sizeof kMagic) != 0)
        fail(name, "it does not start with the .npy magic \\x93NUMPY");
    NpyHeader header;
    header.fileBytes = fileBytes;
    header.version = bytes[6];
    std::size_t prefix = 0;
    std::uint32_t textLength = 0;
    if (header.version == 1) {
        prefix = kPrefixV1;
        textLength = static_cast<std::uint32_t>(bytes[8]) | (static_cast<std::uint32_t>(bytes[9]) << 8);
    } else if (header.version == 2 || header.version == 3) {
        prefix = kPrefixV2;
        if (bytes.size() < prefix)
            fail(name, "its header is truncated");
        textLength = static_cast<std::uint32_t>(bytes[8]) | (static_cast<std::uint32_t>(bytes[9]) << 8)
                     | (static_cast<std::uint32_t>(bytes[10]) << 16) | (static_cast<std::uint32_t>(bytes[11]) << 24);
    } else {
        fail(name, "format version " + std::to_string(header.version) + " is not one of 1, 2, 3");
    }
    if (textLength > kMaxHeaderText)
        fail(name, "its header claims " + std::to_string(textLength) + " bytes, more than any real .npy header");
    header.headerBytes = static_cast<std::int64_t>(prefix) + textLength;
    if (header.headerBytes > fileBytes)
        fail(name, "its header claims " + std::to_string(textLength) + " bytes but the file has only "
                       + std::to_string(fileBytes) + " bytes: it is truncated");
    if (bytes.size() < static_cast<std::size_t>(header.headerBytes))
        fail(name, "its header is truncated");
    const std::string text(reinterpret_cast<const char*>(bytes.data()) + prefix, textLength);
    std::optional<std::string> descr;
    std::optional<bool> fortran;
    std::optional<std::vector<std::int64_t>> shape;
    DictParser(text, name).parse(descr, fortran, shape);
    if (!descr || !fortran || !shape)
        fail(name, "its header lacks 'descr', 'fortran_order' or 'shape'");
    header.descr = *descr;
    header.fortranOrder = *fortran;
    header.shape = *shape;
    parseDescr(header.descr, header, name);
    bool overflow = false;
    const std::int64_t available = fileBytes - header.headerBytes;
    const std::int64_t count = checkedProduct(header.shape, std::numeric_limits<std::int64_t>::max() / 16, overflow);
    const std::int64_t expected = overflow ? -1 : count * bytesPerValue(header.dtype);
    if (overflow || expected != available) {
        std::string message = "its header says " + dtypeName(header.dtype) + " shape " + shapeText(header.shape);
        if (overflow)
            message += " (an impossible number of values)";
        else
            message += " (" + std::to_string(expected) + " data bytes)";
        message += " but the file holds " + std::to_string(available) + " data bytes after its "
                   + std::to_string(header.headerBytes) + "-byte header";
        message += expected > available || overflow ? ": it is truncated or its header lies"
                                                    : ": it has trailing bytes or its header lies";
        fail(name, message);
    }
    return header;
}

NpyHeader readNpyHeader(const std::string& path)
{
    requireReadableFile(path, "file");
    const std::int64_t size = fileSize(path);
    std::vector<unsigned char> prefix = readFilePrefix(path, kPrefixV2);
    if (prefix.size() >= kPrefixV1 && std::memcmp(prefix.data(), kMagic, sizeof kMagic) == 0) {
        std::uint32_t textLength = 0;
        std::size_t start = kPrefixV1;
        if (prefix[6] == 1)
            textLength = static_cast<std::uint32_t>(prefix[8]) | (static_cast<std::uint32_t>(prefix[9]) << 8);
        else if (prefix.size() >= kPrefixV2) {
            start = kPrefixV2;
            textLength = static_cast<std::uint32_t>(prefix[8]) | (static_cast<std::uint32_t>(prefix[9]) << 8)
                         | (static_cast<std::uint32_t>(prefix[10]) << 16) | (static_cast<std::uint32_t>(prefix[11]) << 24);
        }
        if (textLength <= kMaxHeaderText)
            prefix = readFilePrefix(path, start + textLength);
    }
    return parseNpyHeader(prefix, size, path);
}

NpyArray readNpy(const std::string& path)
{
    const NpyHeader header = readNpyHeader(path);
    return decodeWith(header, [&](std::int64_t offset, std::int64_t count, const auto& consume) {
        readFileChunks(path, offset, count, kChunkBytes, consume);
    });
}

NpyArray decodeNpy(std::span<const unsigned char> bytes, const std::string& name)
{
    const NpyHeader header = parseNpyHeader(bytes, static_cast<std::int64_t>(bytes.size()), name);
    return decodeWith(header, [&](std::int64_t offset, std::int64_t count, const auto& consume) {
        for (std::int64_t position = 0; position < count; position += static_cast<std::int64_t>(kChunkBytes)) {
            const std::size_t n = static_cast<std::size_t>(std::min<std::int64_t>(kChunkBytes, count - position));
            consume(bytes.data() + offset + position, n, position);
        }
    });
}

std::string makeNpyHeader(DType dtype, ByteOrder order, const std::vector<std::int64_t>& shape, bool fortranOrder)
{
    static const char* const kCodes[] = {"i2", "i4", "f4", "f8", "c8", "c16"};
    std::string dict = "{'descr': '";
    dict += order == ByteOrder::Little ? '<' : '>';
    dict += kCodes[static_cast<int>(dtype)];
    dict += "', 'fortran_order': ";
    dict += fortranOrder ? "True" : "False";
    dict += ", 'shape': ";
    dict += shapeText(shape);
    dict += ", }";
    std::size_t prefix = kPrefixV1;
    std::size_t total = prefix + dict.size() + 1;
    if ((total + 63) / 64 * 64 - prefix > 65535) {
        prefix = kPrefixV2;
        total = prefix + dict.size() + 1;
    }
    const std::size_t padded = (total + 63) / 64 * 64;
    dict.append(padded - total, ' ');
    dict += '\n';
    const std::size_t textLength = dict.size();
    std::string header(reinterpret_cast<const char*>(kMagic), sizeof kMagic);
    header += static_cast<char>(prefix == kPrefixV1 ? 1 : 2);
    header += '\0';
    header += static_cast<char>(textLength & 0xFF);
    header += static_cast<char>((textLength >> 8) & 0xFF);
    if (prefix == kPrefixV2) {
        header += static_cast<char>((textLength >> 16) & 0xFF);
        header += static_cast<char>((textLength >> 24) & 0xFF);
    }
    return header + dict;
}

void writeNpy(const std::string& path, std::span<const float> values, const std::vector<std::int64_t>& shape, DType dtype)
{
    writeArray<double>(path, values, shape, dtype);
}

void writeNpy(const std::string& path, std::span<const double> values, const std::vector<std::int64_t>& shape, DType dtype)
{
    writeArray<double>(path, values, shape, dtype);
}

void writeNpy(const std::string& path, std::span<const std::complex<float>> values,
              const std::vector<std::int64_t>& shape, DType dtype)
{
    writeArray<std::complex<double>>(path, values, shape, dtype);
}

void writeNpy(const std::string& path, std::span<const std::complex<double>> values,
              const std::vector<std::int64_t>& shape, DType dtype)
{
    writeArray<std::complex<double>>(path, values, shape, dtype);
}

} // namespace phaselab
