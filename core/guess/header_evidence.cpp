// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/guess/header_evidence.hpp"

#include "core/guess/number_text.hpp"

#include <algorithm>
#include <cctype>
#include <cstring>

namespace phaselab {
namespace {

struct Field {
    std::int64_t position;
    std::int64_t value;
};

std::vector<Field> integerFields(const std::vector<unsigned char>& head, bool bigEndian)
{
    std::vector<Field> fields;
    const std::size_t limit = std::min<std::size_t>(head.size(), 256);
    for (std::size_t p = 0; p + 4 <= limit; p += 4) {
        std::uint32_t v = 0;
        for (int i = 0; i < 4; ++i) {
            const std::uint32_t byte = head[p + static_cast<std::size_t>(bigEndian ? i : 3 - i)];
            v = (v << 8) | byte;
        }
        const auto value = static_cast<std::int32_t>(v);
        if (value >= 2 && value <= (1 << 24))
            fields.push_back({static_cast<std::int64_t>(p), value});
    }
    return fields;
}

void addCandidate(std::vector<HeaderCandidate>& list, HeaderCandidate candidate)
{
    for (auto& existing : list)
        if (existing.bytes == candidate.bytes) {
            if (candidate.logPrior > existing.logPrior)
                existing = std::move(candidate);
            return;
        }
    list.push_back(std::move(candidate));
}

} // namespace

std::vector<HeaderCandidate> headerCandidates(const FileProbe& file, const FileProbe* phase)
{
    std::vector<HeaderCandidate> list;
    list.push_back({0, 0.0, {}, 0, {}, 0, 0});
    const std::int64_t size = file.size;

    // Integer fields naming the matrix.
    for (bool bigEndian : {false, true}) {
        const auto fields = integerFields(file.head, bigEndian);
        for (std::size_t i = 0; i < fields.size(); ++i)
            for (std::size_t j = i + 1; j < fields.size(); ++j)
                for (int valueBytes : {2, 4, 8, 16}) {
                    const std::int64_t product = fields[i].value * fields[j].value * valueBytes;
                    const std::int64_t header = size - product;
                    if (header < fields[j].position + 4 || header > 4096 || header % 2 != 0)
                        continue;
                    HeaderCandidate candidate;
                    candidate.bytes = header;
                    candidate.logPrior = 4.0;
                    candidate.valueBytes = valueBytes;
                    candidate.dimensionA = static_cast<int>(fields[i].value);
                    candidate.dimensionB = static_cast<int>(fields[j].value);
                    for (const auto& field : fields)
                        if (field.position + 4 <= header)
                            candidate.integers.push_back(static_cast<int>(field.value));
                    std::string list_;
                    for (int v : candidate.integers)
                        list_ += (list_.empty() ? "" : ", ") + std::to_string(v);
                    candidate.evidence = "the first " + std::to_string(header) + " bytes hold " +
                                         (bigEndian ? "big" : "little") + "-endian int32 values " + list_ + ", and " +
                                         std::to_string(fields[i].value) + " x " + std::to_string(fields[j].value) + " x " +
                                         std::to_string(valueBytes) + " = " + groupedInteger(product) +
                                         " bytes is exactly what follows: a header";
                    addCandidate(list, candidate);
                }
    }

    // A block both files share at the start.
    if (phase && phase->size == file.size) {
        const std::int64_t common = commonPrefixBytes(file, *phase);
        if (common >= 4) {
            std::int64_t lastNonZero = -1;
            for (std::int64_t i = 0; i < common; ++i)
                if (file.head[static_cast<std::size_t>(i)] != 0)
                    lastNonZero = i;
            for (int alignment : {4, 8, 16, 32, 64}) {
                const std::int64_t header = (lastNonZero + 1 + alignment - 1) / alignment * alignment;
                if (header <= 0 || header > common + alignment || header >= size)
                    continue;
                HeaderCandidate candidate;
                candidate.bytes = header;
                candidate.logPrior = 1.0;
                candidate.evidence = "both files start with the same " + std::to_string(common) +
                                     " bytes (a shared leading block; its last non-zero byte is at " +
                                     std::to_string(lastNonZero) + ")";
                addCandidate(list, candidate);
            }
        }
    }

    // A text tag at the start suggests a header of a usual size.
    std::size_t letters = 0;
    while (letters < file.head.size() && letters < 64 && std::isprint(file.head[letters]) &&
           std::isalnum(file.head[letters]))
        ++letters;
    const bool tagged = letters >= 3;
    for (std::int64_t header : {8, 16, 32, 64, 128, 256, 512, 1024}) {
        if (header >= size || header < static_cast<std::int64_t>(letters))
            continue;
        HeaderCandidate candidate;
        candidate.bytes = header;
        candidate.logPrior = tagged ? -1.0 : -5.0;
        if (tagged)
            candidate.evidence = "the file starts with the text tag '" +
                                 std::string(file.head.begin(), file.head.begin() + static_cast<std::ptrdiff_t>(letters)) +
                                 "': a header";
        addCandidate(list, candidate);
    }
    return list;
}

} // namespace phaselab
