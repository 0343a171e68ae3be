// SPDX-License-Identifier: GPL-3.0-or-later
// The comparison pane: one time-aligned spectrogram pane that shows, for the selected
// reconstruction (at the scrubbed iteration), one of: its magnitude (dB); the difference to the
// original, | |X| - |Xref| | in dB on the original's colour scale (bright where the error is);
// the phase error angle(X / Xref) raw, after the best global sign, or after the best sign per
// connected component (core/dsp/comparison_maps.hpp), on a cyclic colour map with bins more than
// `maskBelowDb` under the original's peak hidden (their phase is noise); or the reconstruction's
// own phase, instantaneous frequency or group delay. The maps are built off the GUI thread and
// drawn by a SpectrogramView, so zoom, frequency axis and level of detail match the other panes.
#pragma once

#include "core/dsp/comparison_maps.hpp"
#include "ui/model/analysis.hpp"
#include "ui/model/display_settings.hpp"
#include "ui/jobs/job_runner.hpp"
#include "ui/jobs/reconstruction_worker.hpp"

#include <QObject>
#include <QString>
#include <QStringList>

#include <memory>

namespace phaselab::ui {

class SpectrogramView;

enum class ComparisonQuantity {
    Reconstruction,
    Difference,
    PhaseError,
    PhaseErrorSign,
    PhaseErrorComponent,
    Phase,
    InstantaneousFrequency,
    GroupDelay
};

/// Names as in core/io/session.hpp's comparisonPaneNames(): "reconstruction", "difference", ...
QString comparisonName(ComparisonQuantity quantity);
ComparisonQuantity parseComparison(const QString& name); ///< unknown names: Difference
QString comparisonLabel(ComparisonQuantity quantity);   ///< "Phase error, sign-corrected", ...
QList<ComparisonQuantity> comparisonQuantities();
/// Needs the reference STFT (phase errors, difference)?
bool needsReference(ComparisonQuantity quantity);

/// What the pane draws: an Analysis whose spectrogram holds the chosen map (phase errors as
/// |Xref| e^{i error}, so masking by the reference's magnitude works as for phase), and the
/// SpectrogramView quantity that reads it. Throws phaselab::Error.
struct ComparisonImage {
    std::shared_ptr<const Analysis> analysis;
    SpectrogramQuantity quantity = SpectrogramQuantity::Magnitude;
    QString error; ///< set (and analysis null) when the map could not be made
};
ComparisonImage makeComparisonImage(const RunInputs& inputs, const std::shared_ptr<const Analysis>& reconstruction,
                                    ComparisonQuantity quantity);

class ComparisonPane : public QObject {
    Q_OBJECT
public:
    explicit ComparisonPane(SpectrogramView* view, QObject* parent = nullptr);

    SpectrogramView* view() const { return view_; }
    /// What to compare: the run's inputs (reference) and the reconstruction to show; `caption`
    /// names it in the title (e.g. "fgla, init random · iteration 37").
    void setReconstruction(std::shared_ptr<const RunInputs> inputs, std::shared_ptr<const Analysis> reconstruction,
                           const QString& caption);
    void clear();
    /// The source on screen changed: until a reconstruction is shown, the axes read like its panes.
    void setSource(const std::shared_ptr<const Analysis>& source);
    void setQuantity(ComparisonQuantity quantity);
    ComparisonQuantity quantity() const { return quantity_; }
    /// Display settings of the main panes (colour map, gain, range, axis, units).
    void setDisplay(const DisplaySettings& display);
    /// Phase-like maps hide bins more than this far (dB) below the original's peak.
    void setMaskBelowDb(double db);
    double maskBelowDb() const { return maskBelowDb_; }

    /// True while a map is being built or drawn.
    bool pending() const;
    /// The image on screen (null before the first).
    const ComparisonImage& image() const { return image_; }

signals:
    void settled();
    void failed(const QString& message);

private:
    void onBuilt(const ComparisonImage& image);
    void rebuild();
    void applyDisplay();
    QString titleText() const;

    SpectrogramView* view_;
    JobRunner jobs_; ///< one map at a time: rebuild() waits for the one being built
    std::shared_ptr<const RunInputs> inputs_;
    std::shared_ptr<const Analysis> reconstruction_;
    QString caption_;
    ComparisonImage image_;
    ComparisonQuantity quantity_ = ComparisonQuantity::Difference;
    DisplaySettings display_;
    double maskBelowDb_ = 60.0;
    bool rebuildAgain_ = false;
    bool building_ = false;
    bool hasImage_ = false;
};

} // namespace phaselab::ui
