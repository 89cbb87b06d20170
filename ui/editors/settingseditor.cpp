#include "editors/settingseditor.h"

#include "editors/configdocument.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QJsonArray>
#include <QLabel>
#include <QScrollArea>
#include <QSpinBox>
#include <QVBoxLayout>

namespace sy::ui {
namespace {

const QString kFallback = QStringLiteral("fallback");
const QString kPool = QStringLiteral("pool");
const QString kHistory = QStringLiteral("history");
const QString kRouting = QStringLiteral("routing");
constexpr int kDefaultTtlSentinel = -1; // per-model TTL spin box: "use the pool default"

QFormLayout *formIn(QGroupBox *box)
{
    auto *form = new QFormLayout(box);
    form->setFieldGrowthPolicy(QFormLayout::FieldsStayAtSizeHint);
    return form;
}

} // namespace

SettingsEditor::SettingsEditor(ConfigDocument *document, QWidget *parent)
    : EditorPage(document, {kFallback, kPool, kHistory, kRouting, QStringLiteral("models")},
                 tr("How requests fall back, when models unload, and how much they may take. Applied at once, without a restart."), parent),
      m_preferWarm(new QComboBox(this)), m_historyEnabled(new QCheckBox(tr("Keep every request in the history"), this)),
      m_modelTtls(new QWidget(this)), m_ttlForm(new QFormLayout(m_modelTtls)),
      m_noModels(new QLabel(tr("The config file has no models of its own yet."), this))
{
    auto *page = new QWidget(this);
    auto *grid = new QGridLayout(page);

    auto *fallback = new QGroupBox(tr("Fallback"), page);
    auto *f = formIn(fallback);
    addInt(f, tr("Max attempts"), kFallback, QStringLiteral("maxAttempts"), 3, 0, 99, {}, tr("Candidates tried per request before the last error is returned"));
    addInt(f, tr("First-byte timeout"), kFallback, QStringLiteral("timeoutS"), 120, 0, 86400, tr(" s"), tr("Time to the first byte of an upstream's answer"));
    addInt(f, tr("Total timeout"), kFallback, QStringLiteral("totalTimeoutS"), 0, 0, 86400, tr(" s"), tr("Time for a whole attempt (0 = none)"));
    addInt(f, tr("Failures to cool down"), kFallback, QStringLiteral("failThreshold"), 3, 0, 1000, {}, tr("Failures within the window that put a model in cooldown"));
    addInt(f, tr("Failure window"), kFallback, QStringLiteral("failWindowS"), 60, 0, 86400, tr(" s"), {});
    addInt(f, tr("Cooldown"), kFallback, QStringLiteral("cooldownS"), 60, 0, 86400, tr(" s"), tr("How long a cooling model is skipped (0 = never cool down)"));
    grid->addWidget(fallback, 0, 0);

    auto *pool = new QGroupBox(tr("Model pool"), page);
    auto *p = formIn(pool);
    addInt(p, tr("Default idle TTL"), kPool, QStringLiteral("defaultTtlS"), 300, 0, 7 * 24 * 3600, tr(" s"), tr("Unload a model after this long idle (0 = never)"));
    addInt(p, tr("Memory budget"), kPool, QStringLiteral("memoryBudgetMiB"), 0, 0, 16 * 1024 * 1024, tr(" MiB"), tr("Loading past it first unloads idle, unpinned models (0 = no budget)"));
    addInt(p, tr("First port"), kPool, QStringLiteral("portRange"), 8051, 0, 65535, {}, tr("Ports for launched model servers"), 0);
    addInt(p, tr("Last port"), kPool, QStringLiteral("portRange"), 8099, 0, 65535, {}, tr("Ports for launched model servers"), 1);
    grid->addWidget(pool, 0, 1);

    auto *routing = new QGroupBox(tr("Routing and history"), page);
    auto *r = formIn(routing);
    m_preferWarm->addItem(tr("Loaded first among equals"), QStringLiteral("ties"));
    m_preferWarm->addItem(tr("Loaded first always"), QStringLiteral("always"));
    m_preferWarm->addItem(tr("Keep the configured order"), QStringLiteral("never"));
    auto *warmError = errorLabel(routing);
    r->addRow(tr("Prefer warm models"), m_preferWarm);
    r->addRow(QString(), warmError);
    errors().add(QStringLiteral("routing.preferWarm"), m_preferWarm, warmError);
    r->addRow(QString(), m_historyEnabled);
    addInt(r, tr("Keep history for"), kHistory, QStringLiteral("retentionDays"), 30, 0, 3650, tr(" days"), {});
    addInt(r, tr("Keep at most"), kHistory, QStringLiteral("maxRows"), 100000, 0, 100000000, tr(" requests"), {});
    grid->addWidget(routing, 1, 0);

    auto *ttls = new QGroupBox(tr("Idle TTL per model"), page);
    auto *t = new QVBoxLayout(ttls);
    // A form, not a table: each name shows whole, each spin box is one Tab stop.
    m_ttlForm->setContentsMargins(0, 0, 0, 0);
    m_ttlForm->setFieldGrowthPolicy(QFormLayout::FieldsStayAtSizeHint);
    m_noModels->setWordWrap(true);
    t->addWidget(m_noModels);
    t->addWidget(m_modelTtls);
    auto *ttlError = errorLabel(ttls);
    t->addWidget(ttlError);
    errors().add(QStringLiteral("models"), m_modelTtls, ttlError);
    grid->addWidget(ttls, 1, 1);
    grid->setRowStretch(2, 1);

    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(page);
    content()->addWidget(scroll);

    connect(m_preferWarm, &QComboBox::currentIndexChanged, this, [this] {
        QJsonObject routing = this->document()->section(kRouting).toObject();
        routing.insert(QStringLiteral("preferWarm"), m_preferWarm->currentData().toString());
        writeSection(kRouting, routing);
    });
    connect(m_historyEnabled, &QCheckBox::toggled, this, [this](bool on) {
        QJsonObject history = this->document()->section(kHistory).toObject();
        history.insert(QStringLiteral("enabled"), on);
        writeSection(kHistory, history);
    });
}

QString SettingsEditor::pathOf(const QString &section, const QString &key, int index)
{
    return section + QLatin1Char('.') + key + (index >= 0 ? QStringLiteral("[%1]").arg(index) : QString());
}

QSpinBox *SettingsEditor::addInt(QFormLayout *form, const QString &label, const QString &section, const QString &key, int fallback,
                                 int min, int max, const QString &suffix, const QString &tip, int index)
{
    auto *spin = new QSpinBox(form->parentWidget());
    spin->setRange(min, max);
    spin->setSuffix(suffix);
    spin->setToolTip(tip);
    spin->setAccelerated(true);
    spin->setMinimumWidth(130);
    auto *error = errorLabel(form->parentWidget());
    form->addRow(label, spin);
    form->addRow(QString(), error);
    errors().add(pathOf(section, key, index), spin, error);
    if (index == 0) // the core names the whole range
        errors().add(section + QLatin1Char('.') + key, spin, error);
    m_ints.push_back({section, key, index, fallback, spin});
    const IntField field = m_ints.back();
    connect(spin, &QSpinBox::valueChanged, this, [this, field](int value) { writeInt(field, value); });
    return spin;
}

QSpinBox *SettingsEditor::spinBox(const QString &path) const
{
    for (const IntField &f : m_ints)
        if (pathOf(f.section, f.key, f.index) == path)
            return f.spin;
    return nullptr;
}

void SettingsEditor::writeInt(const IntField &field, int value)
{
    if (isFilling())
        return;
    QJsonObject section = document()->section(field.section).toObject();
    if (field.index < 0) {
        section.insert(field.key, value);
    } else {
        QJsonArray array = section.value(field.key).toArray();
        // A missing range starts from the defaults of both ends.
        for (const IntField &f : m_ints)
            if (f.section == field.section && f.key == field.key && array.size() <= f.index)
                array.append(f.spin->value());
        array[field.index] = value;
        section.insert(field.key, array);
    }
    writeSection(field.section, section);
}

void SettingsEditor::fill()
{
    for (const IntField &f : m_ints) {
        const QJsonValue v = document()->section(f.section).toObject().value(f.key);
        const QJsonValue item = f.index >= 0 ? v.toArray().at(f.index) : v;
        f.spin->setValue(item.isDouble() ? item.toInt() : f.fallback);
    }
    const QString warm = document()->section(kRouting).toObject().value(QLatin1String("preferWarm")).toString(QStringLiteral("ties"));
    m_preferWarm->setCurrentIndex(std::max(0, m_preferWarm->findData(warm)));
    m_historyEnabled->setChecked(document()->section(kHistory).toObject().value(QLatin1String("enabled")).toBool(true));
    fillModelTtls();
}

void SettingsEditor::fillModelTtls()
{
    const QJsonArray models = document()->section(QStringLiteral("models")).toArray();
    while (m_ttlForm->rowCount() > models.size())
        m_ttlForm->removeRow(m_ttlForm->rowCount() - 1);
    while (m_ttlForm->rowCount() < models.size()) {
        const int row = m_ttlForm->rowCount();
        auto *spin = new QSpinBox(m_modelTtls);
        spin->setRange(kDefaultTtlSentinel, 7 * 24 * 3600);
        spin->setSpecialValueText(tr("pool default"));
        spin->setSuffix(tr(" s"));
        spin->setAccelerated(true);
        spin->setToolTip(tr("0 = never unload"));
        connect(spin, &QSpinBox::valueChanged, this, [this, row](int value) { writeModelTtl(row, value); });
        m_ttlForm->addRow(new QLabel(m_modelTtls), spin);
    }
    for (int row = 0; row < models.size(); ++row) {
        const QJsonObject model = models[row].toObject();
        auto *label = qobject_cast<QLabel *>(m_ttlForm->itemAt(row, QFormLayout::LabelRole)->widget());
        label->setText(model.value(QLatin1String("id")).toString());
        label->setBuddy(modelTtl(row));
        const QJsonValue ttl = model.value(QLatin1String("ttlS"));
        modelTtl(row)->setValue(ttl.isDouble() ? ttl.toInt() : kDefaultTtlSentinel);
    }
    m_noModels->setVisible(models.isEmpty());
}

QSpinBox *SettingsEditor::modelTtl(int row) const
{
    if (row < 0 || row >= m_ttlForm->rowCount())
        return nullptr;
    return qobject_cast<QSpinBox *>(m_ttlForm->itemAt(row, QFormLayout::FieldRole)->widget());
}

void SettingsEditor::writeModelTtl(int row, int value)
{
    if (isFilling())
        return;
    QJsonArray models = document()->section(QStringLiteral("models")).toArray();
    if (row >= models.size())
        return;
    QJsonObject model = models[row].toObject();
    if (value == kDefaultTtlSentinel)
        model.remove(QStringLiteral("ttlS"));
    else
        model.insert(QStringLiteral("ttlS"), value);
    models[row] = model;
    writeSection(QStringLiteral("models"), models);
}

} // namespace sy::ui
