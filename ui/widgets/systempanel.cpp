#include "widgets/systempanel.h"

#include "models/modeltablemodel.h"

#include <QCoreApplication>
#include <QFormLayout>
#include <QJsonArray>
#include <QLabel>
#include <QProgressBar>

namespace sy::ui {
namespace {

// A bar in per mille with "used of total" as its text.
void fillBar(QProgressBar *bar, double used, double total, const QString &suffix = {})
{
    bar->setRange(0, 1000);
    bar->setValue(total > 0 ? int(std::min(1.0, used / total) * 1000) : 0);
    bar->setFormat(total > 0 ? QCoreApplication::translate("sy::ui::SystemPanel", "%1 of %2%3").arg(formatBytes(used), formatBytes(total), suffix) : QCoreApplication::translate("sy::ui::SystemPanel", "unknown"));
}

} // namespace

SystemPanel::SystemPanel(QWidget *parent)
    : QWidget(parent), m_ram(new QProgressBar(this)), m_models(new QProgressBar(this)), m_gpu(new QProgressBar(this)),
      m_gpuLabel(new QLabel(tr("GPU memory"), this)), m_summary(new QLabel(this))
{
    auto *layout = new QFormLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    for (QProgressBar *bar : {m_ram, m_models, m_gpu})
        bar->setTextVisible(true);
    layout->addRow(tr("System memory"), m_ram);
    layout->addRow(tr("Models / budget"), m_models);
    layout->addRow(m_gpuLabel, m_gpu);
    layout->addRow(m_summary);
    m_summary->setWordWrap(true);
    m_gpu->hide();
    m_gpuLabel->hide();
}

void SystemPanel::showSystem(const QJsonObject &system)
{
    if (system.isEmpty())
        return;
    const QJsonObject memory = system.value(QLatin1String("memory")).toObject();
    const double total = memory.value(QLatin1String("totalBytes")).toDouble();
    fillBar(m_ram, total - memory.value(QLatin1String("availableBytes")).toDouble(), total);
    const double budget = system.value(QLatin1String("budgetBytes")).toDouble();
    const double models = memory.value(QLatin1String("modelsBytes")).toDouble();
    fillBar(m_models, models, budget > 0 ? budget : total, budget > 0 ? QString() : tr(" (no budget)"));
    const QJsonObject gpu = system.value(QLatin1String("gpu")).toObject();
    m_gpu->setVisible(!gpu.isEmpty());
    m_gpuLabel->setVisible(!gpu.isEmpty());
    if (!gpu.isEmpty())
        fillBar(m_gpu, gpu.value(QLatin1String("usedBytes")).toDouble(), gpu.value(QLatin1String("totalBytes")).toDouble());
    const QJsonArray ports = system.value(QLatin1String("portRange")).toArray();
    QString summary = tr("%n model server(s) running, ports %1-%2", nullptr, system.value(QLatin1String("modelsRunning")).toInt())
                          .arg(ports.at(0).toInt())
                          .arg(ports.at(1).toInt());
    for (const QJsonValue &o : system.value(QLatin1String("ollama")).toArray()) {
        const QJsonObject ollama = o.toObject();
        summary += QStringLiteral(" · ") + (ollama.value(QLatin1String("reachable")).toBool()
                                              ? tr("Ollama \"%1\": %n model(s)", nullptr, ollama.value(QLatin1String("models")).toInt())
                                                    .arg(ollama.value(QLatin1String("backend")).toString())
                                              : tr("Ollama \"%1\" unreachable").arg(ollama.value(QLatin1String("backend")).toString()));
    }
    for (const QJsonValue &o : system.value(QLatin1String("nodes")).toArray()) {
        const QJsonObject node = o.toObject();
        const QString id = node.value(QLatin1String("id")).toString();
        if (!node.value(QLatin1String("reachable")).toBool()) {
            summary += QStringLiteral(" · ") + tr("node \"%1\" unreachable").arg(id);
            continue;
        }
        const QJsonObject memory = node.value(QLatin1String("memory")).toObject();
        const double total = memory.value(QLatin1String("totalBytes")).toDouble();
        summary += QStringLiteral(" · ") + tr("node \"%1\": %n model(s)", nullptr, node.value(QLatin1String("models")).toInt()).arg(id);
        if (total > 0)
            summary += QStringLiteral(", ") + tr("%1 of %2 memory used").arg(formatBytes(total - memory.value(QLatin1String("availableBytes")).toDouble()),
                                                                          formatBytes(total));
        const QJsonObject gpu = node.value(QLatin1String("gpu")).toObject();
        if (!gpu.isEmpty())
            summary += QStringLiteral(", ") + tr("GPU %1 of %2").arg(formatBytes(gpu.value(QLatin1String("usedBytes")).toDouble()),
                                                                    formatBytes(gpu.value(QLatin1String("totalBytes")).toDouble()));
    }
    if (system.value(QLatin1String("demo")).toBool())
        summary += QStringLiteral(" · ") + tr("demo pool of simulated models");
    m_summary->setText(summary);
}

} // namespace sy::ui
