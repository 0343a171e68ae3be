// SPDX-License-Identifier: GPL-3.0-or-later
// A mel filterbank's exact channel relations (core/guess/filterbank_fingerprint.hpp): as many as
// numpy's SVD finds in torchaudio's filterbanks (fixtures/mel/filterbank_relations.json), each a
// null vector of the filterbank; a dump of any sound keeps them to rounding, and a filterbank one
// step off (fmin, normalisation, formula, n_fft, sample rate) is broken by orders of magnitude.
#include "core/guess/filterbank_fingerprint.hpp"
#include "tests/support/fixture_files.hpp"
#include "tests/support/mel_fixtures.hpp"

#include <QTest>

#include <algorithm>
#include <cmath>
#include <random>

using namespace phaselab;

namespace {

/// A filterbank of the fixture, of power (relations hold for either power alike).
MelSpec specOf(const nlohmann::json& c)
{
    MelSpec spec = testing::melSpecOf(c);
    spec.power = 2.0;
    return spec;
}

/// Mel frames of random non-negative power spectra (no sound at all: the relations hold for any).
RealMatrix randomMel(const MelFilterbank& filterbank, int frames)
{
    std::mt19937 random(7);
    std::exponential_distribution<float> power(1.0f);
    RealMatrix magnitude(filterbank.binCount(), frames);
    for (float& v : magnitude.values)
        v = std::sqrt(power(random));
    WorkerPool pool(1);
    return filterbank.melSpectrogram(magnitude, pool);
}

} // namespace

class TestFilterbankFingerprint : public QObject {
    Q_OBJECT
private slots:
    void relationsAreTheNullSpaceNumpyFinds()
    {
        for (const auto& c : testing::readJsonFixture("mel/filterbank_relations.json")) {
            const MelFilterbank filterbank(specOf(c), c["n_fft"], c["sample_rate"]);
            const MelRelations relations = melRelations(filterbank);
            const QString what = QString::fromStdString(c.dump());
            QCOMPARE(int(relations.relations.size()), int(c["relations"]));
            for (const auto& relation : relations.relations) {
                double norm = 0;
                for (double w : relation.weights)
                    norm += w * w;
                QVERIFY2(std::abs(norm - 1.0) < 1e-12, qPrintable(what));
                // v^T F = 0 on every bin, to the float rounding of the weights.
                for (int k = 0; k < filterbank.binCount(); ++k) {
                    double sum = 0, scale = 0;
                    for (std::size_t i = 0; i < relation.weights.size(); ++i) {
                        const double term = relation.weights[i] * filterbank.weight(relation.firstChannel + int(i), k);
                        sum += term;
                        scale += std::abs(term);
                    }
                    QVERIFY2(std::abs(sum) <= 1e-6 * std::max(scale, 1e-30), qPrintable(what + " bin " + QString::number(k)));
                }
            }
        }
    }

    void onlyTheMakingKeepsItsRelations()
    {
        const MelSpec truth = specOf(testing::readJsonFixture("mel/filterbank_relations.json")[0]); // torchaudio's defaults
        const RealMatrix mel = randomMel(MelFilterbank(truth, 400, 16000), 40);
        const RelationFit kept = fitFilterbank(mel, 0.0, truth, 400, 16000);
        QCOMPARE(kept.relations, 21);
        QCOMPARE(kept.frames, 40);
        QVERIFY2(kept.residual < 1e-6, qPrintable(QString::number(kept.residual)));

        MelSpec otherFmin = truth, otherNorm = truth, otherFormula = truth, otherFmax = truth;
        otherFmin.fmin = 20;
        otherNorm.norm = MelNorm::Slaney;
        otherFormula.scale = MelScale::Slaney;
        otherFmax.fmax = 7600;
        const struct {
            const char* name;
            MelSpec spec;
            int nFft;
            double sampleRate;
        } wrong[] = {{"fmin 20", otherFmin, 400, 16000}, {"slaney norm", otherNorm, 400, 16000},
                     {"slaney formula", otherFormula, 400, 16000}, {"fmax 7600", otherFmax, 400, 16000},
                     {"n_fft 320", truth, 320, 16000}, {"22050 Hz", truth, 400, 22050}};
        for (const auto& w : wrong) {
            const RelationFit fit = fitFilterbank(mel, 0.0, w.spec, w.nFft, w.sampleRate);
            QVERIFY2(fit.relations > 0, w.name);
            QVERIFY2(fit.residual > 1e-3, qPrintable(QString("%1: %2").arg(w.name).arg(fit.residual)));
        }
        // A finer n_fft's bins include the coarser ones: its fewer relations hold as well.
        const RelationFit finer = fitFilterbank(mel, 0.0, truth, 800, 16000);
        QVERIFY(finer.relations > 0 && finer.relations < kept.relations);
        QVERIFY(finer.residual < 1e-6);
    }

    void relationsThroughTheClampDoNotCount()
    {
        const MelSpec truth = specOf(testing::readJsonFixture("mel/filterbank_relations.json")[0]);
        const MelFilterbank filterbank(truth, 400, 16000);
        RealMatrix mel = randomMel(filterbank, 40);
        // A log clamp: one channel of a relation (the longest) sits at the floor in half the
        // frames, which breaks that relation there; the value is a bound, not filterbank output.
        const MelRelations relations = melRelations(filterbank);
        const auto longest = std::max_element(relations.relations.begin(), relations.relations.end(),
                                              [](const auto& a, const auto& b) { return a.weights.size() < b.weights.size(); });
        QVERIFY(longest->weights.size() >= 3);
        const float floor = 1e-12f;
        for (int t = 0; t < mel.frames; t += 2)
            mel.at(t, longest->firstChannel + 1) = floor;
        const RelationFit fit = fitFilterbank(mel, floor, truth, 400, 16000);
        QCOMPARE(fit.frames, 40); // the other relations still speak in the clamped frames
        QVERIFY2(fit.residual < 1e-6, qPrintable(QString::number(fit.residual)));
        // Every clamped frame's broken relation, had it counted, is far above rounding.
        double clampedBreak = 0;
        for (std::size_t i = 0; i < longest->weights.size(); ++i)
            clampedBreak += longest->weights[i] * mel.at(0, longest->firstChannel + int(i));
        QVERIFY(std::abs(clampedBreak) > 1e-3);
    }

    void searchFindsTheMakingAmongThousands()
    {
        const MelSpec truth = specOf(testing::readJsonFixture("mel/filterbank_relations.json")[2]); // 96 mels 40-7600 htk/slaney
        const RealMatrix mel = randomMel(MelFilterbank(truth, 512, 16000), 30);
        WorkerPool pool(2);
        const FilterbankSearch search = searchFilterbanks(mel, 0.0, {16000, 22050}, 2.0, pool, {});
        QVERIFY(search.tried > 10000);
        QVERIFY(search.withRelations > 100);
        QVERIFY(!search.matches.empty());
        const FilterbankMatch& best = search.matches.front();
        QCOMPARE(best.nFft, 512);
        QCOMPARE(best.sampleRate, 16000.0);
        QVERIFY(best.spec == truth);
        QCOMPARE(best.fit.relations, 4);
        QVERIFY(search.bestBrokenResidual > 1e-4);
        // The same search on one thread finds the same, in the same order.
        WorkerPool one(1);
        const FilterbankSearch alone = searchFilterbanks(mel, 0.0, {16000, 22050}, 2.0, one, {});
        QCOMPARE(alone.matches.size(), search.matches.size());
        for (std::size_t i = 0; i < alone.matches.size(); ++i)
            QVERIFY(alone.matches[i].spec == search.matches[i].spec && alone.matches[i].nFft == search.matches[i].nFft);
    }
};

QTEST_APPLESS_MAIN(TestFilterbankFingerprint)
#include "test_filterbank_fingerprint.moc"
