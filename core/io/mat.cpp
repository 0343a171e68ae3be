#include "core/io/mat.hpp"

#include "core/error.hpp"

#include <matio.h>

#include <algorithm>
#include <cstring>
#include <memory>

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

MatFile open(const std::string& path)
{
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
