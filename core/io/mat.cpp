// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/io/mat.hpp"

#include "core/base/error.hpp"

#include <matio.h>
#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <span>
#include <vector>

namespace phaselab {
namespace {

constexpr std::int64_t kMaxValues = std::int64_t(1) << 27;

struct MatCloser {
    void operator()(mat_t* file) const { Mat_Close(file); }
};
struct VarFreer {
    void operator()(matvar_t* variable) const { Mat_VarFree(variable); }
};
using MatFile = std::unique_ptr<mat_t, MatCloser>;
using MatVar = std::unique_ptr<matvar_t, VarFreer>;

std::uint32_t tagWord(const unsigned char* bytes, bool bigEndian)
{
    return bigEndian ? (std::uint32_t(bytes[0]) << 24 | std::uint32_t(bytes[1]) << 16 | std::uint32_t(bytes[2]) << 8 | bytes[3])
                     : (std::uint32_t(bytes[3]) << 24 | std::uint32_t(bytes[2]) << 16 | std::uint32_t(bytes[1]) << 8 | bytes[0]);
}

// --- Level-5 size checks. matio trusts the byte counts and dimensions in a file's tags and
// allocates what they claim while listing (fuzz_mat: a 300-byte file made it ask for 8 GB for a
// matrix's dimensions, another 27 GB for a struct's fields). So before matio opens a level-5 file
// we walk its elements: every element must fit in its parent, and the entries a matrix claims
// (values, cells, struct fields) must fit in the bytes that could hold them.

constexpr std::uint32_t kMiInt8 = 1, kMiMatrix = 14, kMiCompressed = 15;
constexpr double kMaxDeflateRatio = 1100.0; // deflate expands at most ~1032:1
constexpr std::size_t kMaxInflatedCheck = std::size_t(64) << 20;
constexpr int kMaxNesting = 32;

class Level5Check {
public:
    Level5Check(const std::string& path, bool bigEndian) : path_(path), bigEndian_(bigEndian) {}

    /// One miMATRIX element's data (after its tag). `declared`: its byte count from the tag;
    /// `capacity`: bytes that could hold its values (more than `data` for a truncated inflate).
    void matrix(std::span<const unsigned char> data, std::uint64_t declared, double capacity, int depth) const
    {
        if (depth > kMaxNesting)
            fail("matrices nested more than " + std::to_string(kMaxNesting) + " deep");
        // matio reads the array flags as 16 bytes and the dimensions right after, whatever the
        // flags' tag says (and the dimensions as 32-bit integers, whatever their type says).
        // It also reads them past the end of a short element (taking the next one's bytes as sizes).
        if (declared == 0 && depth > 0)
            return; // an empty cell or field (matio reads a top-level one as a header all the same)
        if (declared < 24)
            fail("a matrix of " + std::to_string(declared) + " bytes, too short for its header");
        if (data.size() < 16)
            return; // only the start of a compressed variable was inflated
        const unsigned cls = tagWord(data.data() + 8, bigEndian_) & 0xff;
        const SubElement dims = sub(data, declared, 16);
        if (!dims.present)
            return;
        // matio reads dimensions only as a full miINT32 element and skips 4 x rank bytes (rounded
        // to 8) after its tag, not the tag's byte count (fuzz_mat: 35 bytes of dimensions made it
        // take a dimension's bytes as the name's length, 1.3 GB).
        constexpr std::uint32_t kMiInt32 = 5;
        if (dims.small || dims.type != kMiInt32 || dims.bytes % 4 != 0)
            fail("a matrix's dimensions are not whole 32-bit integers (type " + std::to_string(dims.type) + ", " +
                 std::to_string(dims.bytes) + " bytes)");
        double entries = 1.0;
        for (std::uint64_t i = 0; i + 4 <= dims.bytes && dims.dataOffset + i + 4 <= data.size(); i += 4)
            entries *= tagWord(data.data() + dims.dataOffset + i, bigEndian_);
        const SubElement name = sub(data, declared, dims.next);
        if (!name.present)
            return;
        // matio takes a name as packed into its tag only when its type is miINT8; otherwise it
        // reads the next word as the name's length (fuzz_mat: the rest of the matrix shifted, 1.8 GB).
        if (name.small && name.type != kMiInt8)
            fail("a variable name packed with type " + std::to_string(name.type));
        std::size_t position = name.next;
        constexpr unsigned kCell = 1, kStruct = 2, kObject = 3, kSparse = 5;
        if (cls == kSparse) {
            // ir, jc and the value parts: matio sizes its buffers by their tags (fuzz_mat: an
            // unknown type claiming 3.6 GB after the name), so each must be a sound sub-element.
            while (position + 8 <= declared && position + 8 <= data.size())
                position = sub(data, declared, position).next;
            return;
        }
        if (cls == kObject) {
            const SubElement className = sub(data, declared, position);
            if (!className.present)
                return;
            position = className.next;
        }
        if (cls == kStruct || cls == kObject) {
            const SubElement nameLength = sub(data, declared, position);
            if (!nameLength.present || nameLength.dataOffset + 4 > data.size())
                return;
            const std::uint32_t length = tagWord(data.data() + nameLength.dataOffset, bigEndian_);
            const SubElement names = sub(data, declared, nameLength.next);
            if (!names.present || length == 0)
                return;
            entries *= static_cast<double>(names.bytes / length);
            position = names.next;
        }
        // Values take at least a byte each; cells and fields are whole elements (an 8-byte tag at least).
        const double bytesPerEntry = (cls == kCell || cls == kStruct || cls == kObject) ? 8.0 : 1.0;
        if (entries * bytesPerEntry > capacity)
            fail("a matrix claims " + std::to_string(static_cast<long double>(entries)) + " entries in " +
                 std::to_string(declared) + " bytes");
        if (cls == kCell || cls == kStruct || cls == kObject)
            elements(data, declared, position, capacity, depth + 1);
    }

    /// Consecutive miMATRIX elements in [position, declared) of `data` (cells, struct fields).
    void elements(std::span<const unsigned char> data, std::uint64_t declared, std::size_t position, double capacity,
                  int depth) const
    {
        while (position + 8 <= declared && position + 8 <= data.size()) {
            const std::uint32_t type = tagWord(data.data() + position, bigEndian_);
            const std::uint64_t bytes = tagWord(data.data() + position + 4, bigEndian_);
            if (bytes > declared - position - 8)
                fail("an element claims " + std::to_string(bytes) + " bytes");
            if (type == kMiMatrix && bytes > 0) {
                const std::size_t available = std::min<std::size_t>(bytes, data.size() - position - 8);
                matrix(data.subspan(position + 8, available), bytes, std::min<double>(capacity, static_cast<double>(bytes)), depth);
            }
            position += 8 + static_cast<std::size_t>((bytes + 7) / 8 * 8);
        }
    }

    [[noreturn]] void fail(const std::string& what) const
    {
        throw InputError("'" + path_ + "' is a damaged .mat file: " + what);
    }

private:
    struct SubElement {
        bool present = false;
        std::uint32_t type = 0;
        std::uint64_t bytes = 0;
        std::size_t dataOffset = 0;
        std::size_t next = 0;
        bool small = false; ///< packed into its tag (at most 4 bytes)
    };

    /// The sub-element at `offset` (normal or small format); refuses one that starts or ends past
    /// `declared` (matio would read on into what follows). Absent when `data` was cut short.
    SubElement sub(std::span<const unsigned char> data, std::uint64_t declared, std::size_t offset) const
    {
        SubElement element;
        if (offset + 8 > declared)
            fail("a matrix of " + std::to_string(declared) + " bytes ends inside its header");
        if (offset + 8 > data.size())
            return element;
        const std::uint32_t word = tagWord(data.data() + offset, bigEndian_);
        element.present = true;
        // Data types are 1..18 (miINT8 .. miUTF32); anything else is no tag matio could read right.
        if ((word & 0xffff) < 1 || (word & 0xffff) > 18)
            fail("a field of a matrix has the unknown data type " + std::to_string(word & 0xffff));
        if ((word >> 16) != 0) {
            element.small = true;
            element.type = word & 0xffff;
            element.bytes = word >> 16;
            element.dataOffset = offset + 4;
            element.next = offset + 8;
            if (element.bytes > 4)
                fail("a small element claims " + std::to_string(element.bytes) + " bytes");
            return element;
        }
        element.type = word;
        element.bytes = tagWord(data.data() + offset + 4, bigEndian_);
        if (element.bytes > declared - offset - 8)
            fail("a field of a matrix claims " + std::to_string(element.bytes) + " bytes");
        element.dataOffset = offset + 8;
        element.next = offset + 8 + static_cast<std::size_t>((element.bytes + 7) / 8 * 8);
        return element;
    }

    std::string path_;
    bool bigEndian_;
};

/// The inflated start of a compressed element (up to kMaxInflatedCheck bytes); `complete` tells
/// whether the stream ended within that.
std::vector<unsigned char> inflatePrefix(std::ifstream& in, std::uint64_t bytes, bool& complete)
{
    std::vector<unsigned char> output;
    complete = false;
    z_stream stream{};
    if (inflateInit(&stream) != Z_OK)
        return output;
    std::vector<unsigned char> input(1 << 16), buffer(1 << 16);
    std::uint64_t left = bytes;
    int status = Z_OK;
    while (status == Z_OK && left > 0 && output.size() < kMaxInflatedCheck) {
        in.read(reinterpret_cast<char*>(input.data()), static_cast<std::streamsize>(std::min<std::uint64_t>(left, input.size())));
        const auto got = static_cast<std::size_t>(in.gcount());
        if (got == 0)
            break;
        left -= got;
        stream.next_in = input.data();
        stream.avail_in = static_cast<uInt>(got);
        do {
            stream.next_out = buffer.data();
            stream.avail_out = static_cast<uInt>(buffer.size());
            status = inflate(&stream, Z_NO_FLUSH);
            output.insert(output.end(), buffer.data(), buffer.data() + (buffer.size() - stream.avail_out));
        } while (status == Z_OK && stream.avail_out == 0 && output.size() < kMaxInflatedCheck);
    }
    complete = status == Z_STREAM_END;
    inflateEnd(&stream);
    return output;
}

void checkLevel5Sizes(const std::string& path)
{
    std::error_code error;
    const auto fileSize = std::filesystem::file_size(path, error);
    std::ifstream in(path, std::ios::binary);
    unsigned char header[128];
    if (error || !in)
        return; // matio reports it
    if (!in.read(reinterpret_cast<char*>(header), sizeof header))
        throw InputError("'" + path + "' is not a MATLAB .mat file: shorter than the 128-byte header");
    // Only level 5 (version 0x0100) and v7.3 (0x0200, HDF5 inside) are read: matio's fallback to
    // level 4 for anything else trusts a name length in the first 20 bytes (fuzz_mat: 1.8 GB).
    const bool bigEndian = header[126] == 'M' && header[127] == 'I';
    const unsigned version = bigEndian ? (header[124] << 8 | header[125]) : (header[125] << 8 | header[124]);
    const bool endianMark = bigEndian || (header[126] == 'I' && header[127] == 'M');
    if (!endianMark || (version != 0x0100 && version != 0x0200))
        throw InputError("'" + path + "' is not a MATLAB .mat file PhaseLab reads (level 5 or v7.3; its header has no version mark)");
    if (version == 0x0200)
        return; // v7.3: HDF5, matio's own checks
    const Level5Check check(path, bigEndian);
    std::uint64_t position = sizeof header;
    std::vector<unsigned char> element;
    while (position + 8 <= fileSize) {
        unsigned char tag[8];
        in.clear();
        in.seekg(static_cast<std::streamoff>(position));
        if (!in.read(reinterpret_cast<char*>(tag), sizeof tag))
            return;
        const std::uint32_t type = tagWord(tag, bigEndian);
        if ((type >> 16) != 0) { // small data element: tag and up to 4 bytes in 8
            position += 8;
            continue;
        }
        const std::uint64_t bytes = tagWord(tag + 4, bigEndian);
        if (bytes > fileSize - position - 8)
            check.fail("a variable at byte " + std::to_string(position) + " claims " + std::to_string(bytes) +
                       " bytes (the file has " + std::to_string(fileSize) + ")");
        if (type == kMiMatrix) {
            element.resize(static_cast<std::size_t>(std::min<std::uint64_t>(bytes, kMaxInflatedCheck)));
            in.read(reinterpret_cast<char*>(element.data()), static_cast<std::streamsize>(element.size()));
            element.resize(static_cast<std::size_t>(in.gcount()));
            check.matrix(element, bytes, static_cast<double>(bytes), 0);
        } else if (type == kMiCompressed) {
            bool complete = false;
            const auto inflated = inflatePrefix(in, bytes, complete);
            // A stream that breaks off (or fails its checksum) before our cap: matio would take
            // whatever its buffer held past the end as sizes (fuzz_mat: 32 TB).
            if (!complete && inflated.size() < kMaxInflatedCheck)
                check.fail("the compressed variable at byte " + std::to_string(position) + " is cut short or corrupt");
            const double capacity = complete ? static_cast<double>(inflated.size()) : static_cast<double>(bytes) * kMaxDeflateRatio;
            if (inflated.size() >= 8 && tagWord(inflated.data(), bigEndian) == kMiMatrix) {
                const std::uint64_t inner = tagWord(inflated.data() + 4, bigEndian);
                if (complete && inner > inflated.size() - 8)
                    check.fail("a compressed variable at byte " + std::to_string(position) + " claims " +
                               std::to_string(inner) + " bytes but holds " + std::to_string(inflated.size() - 8));
                check.matrix(std::span<const unsigned char>(inflated).subspan(8), inner, std::min(capacity, static_cast<double>(inner)), 0);
            }
        }
        position += 8 + bytes;
    }
}

MatFile open(const std::string& path)
{
    checkLevel5Sizes(path);
    MatFile file(Mat_Open(path.c_str(), MAT_ACC_RDONLY));
    if (!file)
        throw InputError("'" + path + "' is not a MATLAB .mat file matio can read (level 5 or v7.3)");
    return file;
}

std::string className(matio_classes type)
{
    switch (type) {
    case MAT_C_DOUBLE: return "double";
    case MAT_C_SINGLE: return "single";
    case MAT_C_INT8: return "int8";
    case MAT_C_UINT8: return "uint8";
    case MAT_C_INT16: return "int16";
    case MAT_C_UINT16: return "uint16";
    case MAT_C_INT32: return "int32";
    case MAT_C_UINT32: return "uint32";
    case MAT_C_INT64: return "int64";
    case MAT_C_UINT64: return "uint64";
    case MAT_C_CHAR: return "char";
    case MAT_C_STRUCT: return "struct";
    case MAT_C_CELL: return "cell";
    case MAT_C_SPARSE: return "sparse";
    default: return "other";
    }
}

bool numeric(matio_classes type)
{
    switch (type) {
    case MAT_C_DOUBLE: case MAT_C_SINGLE: case MAT_C_INT8: case MAT_C_UINT8: case MAT_C_INT16:
    case MAT_C_UINT16: case MAT_C_INT32: case MAT_C_UINT32: case MAT_C_INT64: case MAT_C_UINT64:
        return true;
    default:
        return false;
    }
}

MatVariableInfo describe(const matvar_t& variable)
{
    MatVariableInfo info;
    info.name = variable.name ? variable.name : "";
    for (int i = 0; i < variable.rank && variable.dims; ++i)
        info.dims.push_back(static_cast<std::int64_t>(variable.dims[i]));
    info.className = className(variable.class_type);
    info.isComplex = variable.isComplex != 0;
    info.isNumeric = numeric(variable.class_type) && !variable.isLogical;
    return info;
}

template <class T>
double valueAt(const void* data, std::size_t index)
{
    T value;
    std::memcpy(&value, static_cast<const unsigned char*>(data) + index * sizeof(T), sizeof(T));
    return static_cast<double>(value);
}

double readValue(matio_classes type, const void* data, std::size_t index)
{
    switch (type) {
    case MAT_C_DOUBLE: return valueAt<double>(data, index);
    case MAT_C_SINGLE: return valueAt<float>(data, index);
    case MAT_C_INT8: return valueAt<std::int8_t>(data, index);
    case MAT_C_UINT8: return valueAt<std::uint8_t>(data, index);
    case MAT_C_INT16: return valueAt<std::int16_t>(data, index);
    case MAT_C_UINT16: return valueAt<std::uint16_t>(data, index);
    case MAT_C_INT32: return valueAt<std::int32_t>(data, index);
    case MAT_C_UINT32: return valueAt<std::uint32_t>(data, index);
    case MAT_C_INT64: return valueAt<std::int64_t>(data, index);
    case MAT_C_UINT64: return valueAt<std::uint64_t>(data, index);
    default: return 0.0;
    }
}

std::string listing(const std::vector<MatVariableInfo>& variables)
{
    std::string text;
    for (const auto& variable : variables) {
        if (!text.empty())
            text += ", ";
        text += variable.name + " (" + variable.className;
        for (std::size_t i = 0; i < variable.dims.size(); ++i)
            text += (i == 0 ? " " : "x") + std::to_string(variable.dims[i]);
        text += variable.isComplex ? " complex)" : ")";
    }
    return text.empty() ? "no variables" : text;
}

} // namespace

std::int64_t MatVariableInfo::valueCount() const
{
    std::int64_t count = 1;
    for (auto d : dims) {
        if (d < 0 || (d > 0 && count > (std::int64_t(1) << 40) / d))
            return -1;
        count *= d;
    }
    return count;
}

std::pair<std::int64_t, std::int64_t> MatVariableInfo::matrixShape() const
{
    std::vector<std::int64_t> kept;
    for (auto d : dims)
        if (d != 1)
            kept.push_back(d);
    if (kept.size() == 2)
        return {kept[0], kept[1]};
    if (kept.size() == 1 && dims.size() >= 2)
        return dims[0] == 1 ? std::pair<std::int64_t, std::int64_t>{1, kept[0]} : std::pair<std::int64_t, std::int64_t>{kept[0], 1};
    return {0, 0};
}

bool looksLikeMatFile(std::span<const unsigned char> prefix)
{
    static const char level5[] = "MATLAB 5.0 MAT-file";
    if (prefix.size() >= sizeof level5 - 1 && std::memcmp(prefix.data(), level5, sizeof level5 - 1) == 0)
        return true;
    static const unsigned char hdf5[] = {0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
    return prefix.size() >= 520 && std::memcmp(prefix.data() + 512, hdf5, sizeof hdf5) == 0;
}

std::vector<MatVariableInfo> listMatVariables(const std::string& path)
{
    MatFile file = open(path);
    std::vector<MatVariableInfo> variables;
    while (true) {
        MatVar variable(Mat_VarReadNextInfo(file.get()));
        if (!variable)
            break;
        variables.push_back(describe(*variable));
        if (variables.size() > 10000)
            break;
    }
    return variables;
}

MatMatrix readMatMatrix(const std::string& path, const std::string& name)
{
    const auto variables = listMatVariables(path);
    const MatVariableInfo* chosen = nullptr;
    if (name.empty()) {
        for (const auto& variable : variables) {
            const auto shape = variable.matrixShape();
            if (!variable.isNumeric || shape.first < 1 || shape.second < 1)
                continue;
            if (!chosen || variable.valueCount() > chosen->valueCount())
                chosen = &variable;
        }
        if (!chosen)
            throw InputError("'" + path + "' holds no numeric matrix: " + listing(variables));
    } else {
        for (const auto& variable : variables)
            if (variable.name == name)
                chosen = &variable;
        if (!chosen)
            throw InputError("'" + path + "' has no variable '" + name + "': it holds " + listing(variables));
        const auto shape = chosen->matrixShape();
        if (!chosen->isNumeric || shape.first < 1 || shape.second < 1)
            throw InputError("variable '" + name + "' in '" + path + "' is not a numeric matrix: " + listing({*chosen}));
    }
    const std::int64_t count = chosen->valueCount();
    if (count < 0 || count > kMaxValues)
        throw InputError("variable '" + chosen->name + "' in '" + path + "' is too large (" + std::to_string(count) +
                         " values; at most " + std::to_string(kMaxValues) + ")");
    const auto shape = chosen->matrixShape();

    MatFile file = open(path);
    MatVar variable(Mat_VarRead(file.get(), chosen->name.c_str()));
    if (!variable || !variable->data)
        throw InputError("cannot read variable '" + chosen->name + "' from '" + path + "'");
    MatMatrix matrix;
    matrix.info = describe(*variable);
    if (matrix.info.valueCount() != count)
        throw InputError("variable '" + chosen->name + "' in '" + path + "' changed size while reading");
    matrix.rows = static_cast<int>(shape.first);
    matrix.columns = static_cast<int>(shape.second);
    const std::size_t rows = static_cast<std::size_t>(shape.first), columns = static_cast<std::size_t>(shape.second);
    // MATLAB stores column-major: element (r, c) at r + c * rows.
    if (variable->isComplex) {
        const auto* split = static_cast<const mat_complex_split_t*>(variable->data);
        if (!split->Re || !split->Im)
            throw InputError("variable '" + chosen->name + "' in '" + path + "' has no data");
        matrix.complex.resize(rows * columns);
        for (std::size_t c = 0; c < columns; ++c)
            for (std::size_t r = 0; r < rows; ++r)
                matrix.complex[r * columns + c] = {readValue(variable->class_type, split->Re, r + c * rows),
                                                   readValue(variable->class_type, split->Im, r + c * rows)};
    } else {
        matrix.real.resize(rows * columns);
        for (std::size_t c = 0; c < columns; ++c)
            for (std::size_t r = 0; r < rows; ++r)
                matrix.real[r * columns + c] = readValue(variable->class_type, variable->data, r + c * rows);
    }
    return matrix;
}

} // namespace phaselab
