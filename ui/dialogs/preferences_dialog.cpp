// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/dialogs/preferences_dialog.hpp"

#include "core/base/error.hpp"
#include "core/dsp/fft.hpp"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QSettings>
#include <QStandardItemModel>
#include <QVBoxLayout>

#include <cstdlib>

namespace phaselab::ui {

namespace {

const QString kFftBackendKey = QStringLiteral("fftBackend");

} // namespace

void applyStoredPreferences()
{
    if (const char* environment = std::getenv("PHASELAB_FFT_BACKEND"); environment && *environment)
        return;
    const QString stored = QSettings().value(kFftBackendKey).toString();
    if (stored.isEmpty())
        return;
    try {
        setFftBackend(parseFftBackend(stored.toStdString()));
    } catch (const InputError&) {
        // A value from another build (with FFTW) or edited by hand: the default stays.
    }
}

PreferencesDialog::PreferencesDialog(QWidget* parent) : QDialog(parent)
{
    setWindowTitle(QStringLiteral("Preferences"));
    fftBackend_ = new QComboBox(this);
    fftBackend_->setObjectName(QStringLiteral("fftBackend"));
    for (FftBackend backend : {FftBackend::Fftw, FftBackend::Kiss}) {
        const QString name = QString::fromStdString(fftBackendName(backend));
        fftBackend_->addItem(backend == FftBackend::Fftw ? QStringLiteral("FFTW (fast)") : QStringLiteral("KissFFT (reference)"),
                             name);
        if (!fftBackendAvailable(backend)) {
            auto* model = qobject_cast<QStandardItemModel*>(fftBackend_->model());
            model->item(fftBackend_->count() - 1)->setEnabled(false);
            fftBackend_->setItemData(fftBackend_->count() - 1, QStringLiteral("Not in this build"), Qt::ToolTipRole);
        }
    }
    fftBackend_->setCurrentIndex(fftBackend_->findData(QString::fromStdString(fftBackendName(fftBackend()))));
    fftBackend_->setToolTip(QStringLiteral("The FFT library of every transform: FFTW is 2-3 times faster; KissFFT is the "
                                           "reference the results were first checked with. New runs and views use it."));

    auto* form = new QFormLayout;
    form->addRow(QStringLiteral("&FFT backend:"), fftBackend_);
    auto* note = new QLabel(QStringLiteral("Runs already under way keep the backend they started with."), this);
    note->setWordWrap(true);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, [this]() {
        apply();
        accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(note);
    layout->addWidget(buttons);
}

void PreferencesDialog::apply()
{
    const QString name = fftBackend_->currentData().toString();
    const FftBackend backend = parseFftBackend(name.toStdString());
    setFftBackend(backend);
    QSettings().setValue(kFftBackendKey, name);
}

} // namespace phaselab::ui
