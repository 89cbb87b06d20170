#include "editors/catalogeditor.h"

#include "editors/configdocument.h"
#include "editors/launchoptions.h"
#include "editors/paramstable.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QProcess>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSpinBox>
#include <QSplitter>
#include <QVBoxLayout>

namespace sy::ui {
namespace {

const QString kModels = QStringLiteral("models");
const char *const kCapabilities[] = {"tools", "vision", "json", "embeddings", "reasoning", "rerank"};

// argv as one line, quoting what needs it; QProcess::splitCommand reads it back.
QString joinCommand(const QJsonArray &argv)
{
    QStringList parts;
    for (const QJsonValue &v : argv) {
        QString arg = v.toString();
        if (arg.isEmpty() || arg.contains(QLatin1Char(' ')) || arg.contains(QLatin1Char('"')))
            arg = QLatin1Char('"') + arg.replace(QLatin1Char('"'), QStringLiteral("\"\"\"")) + QLatin1Char('"');
        parts << arg;
    }
    return parts.join(QLatin1Char(' '));
}

QStringList splitList(const QString &text)
{
    QStringList out;
    for (const QString &part : text.split(QLatin1Char(','), Qt::SkipEmptyParts))
        if (!part.trimmed().isEmpty())
            out << part.trimmed();
    return out;
}

void setOrRemove(QJsonObject &object, const QString &key, const QJsonValue &value, bool remove)
{
    if (remove)
        object.remove(key);
    else
        object.insert(key, value);
}

QSpinBox *spin(QWidget *parent, int min, int max, const QString &special, const QString &suffix)
{
    auto *s = new QSpinBox(parent);
    s->setRange(min, max);
    s->setSpecialValueText(special);
    s->setSuffix(suffix);
    s->setAccelerated(true);
    return s;
}

} // namespace

CatalogEditor::CatalogEditor(ConfigDocument *document, QWidget *parent)
    : EditorPage(document, {kModels},
                 tr("The models clients can ask for. A model of a managed backend is a server Switchyard starts with its launch command."), parent),
      m_list(new QListWidget(this)), m_remove(new QPushButton(tr("Remove"), this)), m_form(new QWidget(this))
{
    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(m_list, 1);
    auto *buttons = new QHBoxLayout;
    auto *add = new QPushButton(tr("Add…"), left);
    buttons->addWidget(add);
    buttons->addWidget(m_remove);
    leftLayout->addLayout(buttons);

    auto *form = new QFormLayout(m_form);
    m_id = new QLineEdit(m_form);
    m_backend = new QComboBox(m_form);
    m_upstream = new QLineEdit(m_form);
    m_upstream->setPlaceholderText(tr("same as the id"));
    m_aliases = new QLineEdit(m_form);
    m_aliases->setPlaceholderText(tr("comma-separated"));
    m_command = new QLineEdit(m_form);
    m_command->setPlaceholderText(QStringLiteral("llama-server -m /models/x.gguf --port ${PORT}"));
    m_command->setToolTip(tr("${PORT}, ${HOST} and ${MODEL} are filled in; must contain ${PORT}"));
    // llama-server's common options as fields that write the command line.
    m_modelFile = new QLineEdit(m_form);
    m_modelFile->setPlaceholderText(tr("-m: a .gguf file"));
    m_modelFile->setToolTip(tr("A path on the machine Switchyard runs on; applying warns when it does not exist there"));
    m_browse = new QPushButton(tr("Browse…"), m_form);
    QPushButton *browse = m_browse;
    auto *modelFileRow = new QWidget(m_form);
    auto *modelFileLayout = new QHBoxLayout(modelFileRow);
    modelFileLayout->setContentsMargins(0, 0, 0, 0);
    modelFileLayout->addWidget(m_modelFile, 1);
    modelFileLayout->addWidget(browse);
    m_gpuLayers = spin(m_form, -1, 999, tr("not set"), {});
    m_gpuLayers->setToolTip(tr("-ngl: layers to put on the GPU (999: all)"));
    m_healthPath = new QLineEdit(m_form);
    m_healthPath->setPlaceholderText(QStringLiteral("/health"));
    m_loadTimeout = spin(m_form, 0, 3600, tr("default (60 s)"), tr(" s"));
    // Short labels, the explanation in the tooltip: the form fits a narrow window in every language.
    m_declareCaps = new QCheckBox(tr("Declared"), m_form);
    m_declareCaps->setToolTip(tr("Only these: requests that need another capability skip this model"));
    auto *capsRow = new QWidget(m_form);
    auto *capsLayout = new QHBoxLayout(capsRow);
    capsLayout->setContentsMargins(0, 0, 0, 0);
    for (const char *name : kCapabilities) {
        auto *box = new QCheckBox(QLatin1String(name), capsRow);
        capsLayout->addWidget(box);
        m_caps[QLatin1String(name)] = box;
    }
    capsLayout->addStretch(1);
    m_context = spin(m_form, 0, 100000000, tr("unknown"), tr(" tokens"));
    m_ttl = spin(m_form, -1, 7 * 24 * 3600, tr("pool default"), tr(" s"));
    m_maxConcurrent = spin(m_form, 0, 100000, tr("unlimited"), {});
    m_pinned = new QCheckBox(tr("Pinned"), m_form);
    m_pinned->setToolTip(tr("Never unloaded by its TTL or for memory"));
    m_preload = new QCheckBox(tr("Load at start-up"), m_form);
    m_group = new QLineEdit(m_form);
    m_group->setPlaceholderText(tr("none; models of one group swap"));
    m_params = new ParamsTable(m_form);
    m_stripParams = new QLineEdit(m_form);
    m_stripParams->setPlaceholderText(tr("none; e.g. temperature, top_p"));
    m_stripParams->setToolTip(tr("Taken out of every client request to this model, so that the parameters above apply instead"));

    addRow(form, tr("Id"), m_id, QStringLiteral("id"));
    addRow(form, tr("Backend"), m_backend, QStringLiteral("backend"));
    addRow(form, tr("Upstream name"), m_upstream, QStringLiteral("upstreamModel"));
    addRow(form, tr("Aliases"), m_aliases, QStringLiteral("aliases"));
    addRow(form, tr("Launch command"), m_command, QStringLiteral("launch"));
    addRow(form, tr("Model file"), modelFileRow, QStringLiteral("launch.command"));
    addRow(form, tr("GPU layers"), m_gpuLayers, QStringLiteral("launch.gpuLayers"));
    addRow(form, tr("Health path"), m_healthPath, QStringLiteral("launch.healthPath"));
    addRow(form, tr("Load timeout"), m_loadTimeout, QStringLiteral("launch.loadTimeoutS"));
    addRow(form, tr("Capabilities"), m_declareCaps, QStringLiteral("capabilities"));
    form->addRow(QString(), capsRow);
    addRow(form, tr("Context size"), m_context, QStringLiteral("contextTokens"));
    addRow(form, tr("Idle TTL"), m_ttl, QStringLiteral("ttlS"));
    addRow(form, tr("Max concurrent"), m_maxConcurrent, QStringLiteral("maxConcurrent"));
    addRow(form, tr("Group"), m_group, QStringLiteral("group"));
    form->addRow(QString(), m_pinned);
    form->addRow(QString(), m_preload);
    addRow(form, tr("Parameters"), m_params, QStringLiteral("params"));
    addRow(form, tr("Strip from requests"), m_stripParams, QStringLiteral("stripParams"));

    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff); // the form follows the width; it never scrolls sideways
    // ...so the splitter may not squeeze it below what the form needs.
    scroll->setMinimumWidth(m_form->minimumSizeHint().width() + scroll->verticalScrollBar()->sizeHint().width());
    scroll->setWidget(m_form);
    auto *splitter = new QSplitter(this);
    splitter->addWidget(left);
    splitter->addWidget(scroll);
    splitter->setStretchFactor(1, 3);
    content()->addWidget(splitter);

    connect(m_list, &QListWidget::currentRowChanged, this, &CatalogEditor::showModel);
    connect(add, &QPushButton::clicked, this, &CatalogEditor::addModel);
    connect(m_remove, &QPushButton::clicked, this, &CatalogEditor::removeModel);
    connect(m_id, &QLineEdit::editingFinished, this, [this] {
        updateModel([this](QJsonObject &m) { m.insert(QStringLiteral("id"), m_id->text().trimmed()); });
        if (m_list->currentItem())
            m_list->currentItem()->setText(m_id->text().trimmed());
    });
    connect(m_backend, &QComboBox::currentTextChanged, this, [this](const QString &backend) {
        updateModel([&backend](QJsonObject &m) { m.insert(QStringLiteral("backend"), backend); });
    });
    connect(m_upstream, &QLineEdit::editingFinished, this, [this] {
        updateModel([this](QJsonObject &m) { setOrRemove(m, QStringLiteral("upstreamModel"), m_upstream->text().trimmed(), m_upstream->text().trimmed().isEmpty()); });
    });
    connect(m_aliases, &QLineEdit::editingFinished, this, [this] {
        const QStringList aliases = splitList(m_aliases->text());
        updateModel([&](QJsonObject &m) { setOrRemove(m, QStringLiteral("aliases"), QJsonArray::fromStringList(aliases), aliases.isEmpty()); });
    });
    const auto writeLaunch = [this] {
        updateModel([this](QJsonObject &m) {
            const QStringList argv = QProcess::splitCommand(m_command->text());
            QJsonObject launch = m.value(QLatin1String("launch")).toObject();
            if (argv.isEmpty()) {
                m.remove(QStringLiteral("launch"));
                return;
            }
            launch.insert(QStringLiteral("command"), QJsonArray::fromStringList(argv));
            setOrRemove(launch, QStringLiteral("healthPath"), m_healthPath->text().trimmed(), m_healthPath->text().trimmed().isEmpty());
            setOrRemove(launch, QStringLiteral("loadTimeoutS"), m_loadTimeout->value(), m_loadTimeout->value() == 0);
            m.insert(QStringLiteral("launch"), launch);
        });
    };
    connect(m_command, &QLineEdit::editingFinished, this, writeLaunch);
    connect(m_command, &QLineEdit::editingFinished, this, [this] {
        const QStringList argv = QProcess::splitCommand(m_command->text());
        showLaunchFields(argv);
        bool ok = false;
        const int context = launch::value(argv, launch::kContextSize).toInt(&ok);
        if (ok && context > 0 && context != m_context->value()) {
            const QSignalBlocker block(m_context);
            m_context->setValue(context); // -c written by hand: the model's context follows
            updateModel([context](QJsonObject &m) { m.insert(QStringLiteral("contextTokens"), context); });
        }
    });
    connect(m_modelFile, &QLineEdit::editingFinished, this, [this] { setLaunchOption(launch::kModelFile, m_modelFile->text().trimmed()); });
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Model file"), m_modelFile->text(), tr("GGUF models (*.gguf);;All files (*)"));
        if (!path.isEmpty())
            chooseModelFile(path);
    });
    connect(m_gpuLayers, &QSpinBox::valueChanged, this, [this](int layers) {
        setLaunchOption(launch::kGpuLayers, layers < 0 ? QString() : QString::number(layers));
    });
    // The context size is the model's (for routing) and, for llama-server, its -c too.
    connect(m_context, &QSpinBox::valueChanged, this, [this](int tokens) {
        if (launch::isLlamaServer(QProcess::splitCommand(m_command->text())))
            setLaunchOption(launch::kContextSize, tokens == 0 ? QString() : QString::number(tokens));
    });
    connect(m_healthPath, &QLineEdit::editingFinished, this, writeLaunch);
    connect(m_loadTimeout, &QSpinBox::valueChanged, this, writeLaunch);
    const auto writeCaps = [this] {
        for (auto &[name, box] : m_caps)
            box->setEnabled(m_declareCaps->isChecked());
        updateModel([this](QJsonObject &m) {
            QStringList caps;
            for (auto &[name, box] : m_caps)
                if (box->isChecked())
                    caps << name;
            setOrRemove(m, QStringLiteral("capabilities"), QJsonArray::fromStringList(caps), !m_declareCaps->isChecked());
        });
    };
    connect(m_declareCaps, &QCheckBox::toggled, this, writeCaps);
    for (auto &[name, box] : m_caps)
        connect(box, &QCheckBox::toggled, this, writeCaps);
    const auto bindSpin = [this](QSpinBox *box, const QString &key, int absent) {
        connect(box, &QSpinBox::valueChanged, this, [this, key, absent](int value) {
            updateModel([&](QJsonObject &m) { setOrRemove(m, key, value, value == absent); });
        });
    };
    bindSpin(m_context, QStringLiteral("contextTokens"), 0);
    bindSpin(m_ttl, QStringLiteral("ttlS"), -1);
    bindSpin(m_maxConcurrent, QStringLiteral("maxConcurrent"), 0);
    connect(m_pinned, &QCheckBox::toggled, this, [this](bool on) { updateModel([on](QJsonObject &m) { setOrRemove(m, QStringLiteral("pinned"), true, !on); }); });
    connect(m_preload, &QCheckBox::toggled, this, [this](bool on) { updateModel([on](QJsonObject &m) { setOrRemove(m, QStringLiteral("preload"), true, !on); }); });
    connect(m_group, &QLineEdit::editingFinished, this, [this] {
        updateModel([this](QJsonObject &m) { setOrRemove(m, QStringLiteral("group"), m_group->text().trimmed(), m_group->text().trimmed().isEmpty()); });
    });
    connect(m_params, &ParamsTable::changed, this, [this](const QJsonObject &params) {
        updateModel([&](QJsonObject &m) { setOrRemove(m, QStringLiteral("params"), params, params.isEmpty()); });
    });
    connect(m_stripParams, &QLineEdit::editingFinished, this, [this] {
        const QStringList names = splitList(m_stripParams->text());
        updateModel([&](QJsonObject &m) { setOrRemove(m, QStringLiteral("stripParams"), QJsonArray::fromStringList(names), names.isEmpty()); });
    });
}

void CatalogEditor::chooseModelFile(const QString &path)
{
    m_modelFile->setText(path);
    setLaunchOption(launch::kModelFile, path);
}

void CatalogEditor::setLaunchOption(const launch::Option &option, const QString &value)
{
    QStringList argv = QProcess::splitCommand(m_command->text());
    if (argv.isEmpty()) {
        if (value.isEmpty())
            return;
        argv = {QStringLiteral("llama-server"), QStringLiteral("--port"), QStringLiteral("${PORT}")}; // the usual server
    }
    argv = launch::withValue(argv, option, value);
    m_command->setText(joinCommand(QJsonArray::fromStringList(argv)));
    updateModel([&argv](QJsonObject &m) {
        QJsonObject launchObject = m.value(QLatin1String("launch")).toObject();
        launchObject.insert(QStringLiteral("command"), QJsonArray::fromStringList(argv));
        m.insert(QStringLiteral("launch"), launchObject);
    });
}

void CatalogEditor::showLaunchFields(const QStringList &argv)
{
    // llama-server's options: for another server (vllm, python -m ...) they would mean something else.
    const bool llama = argv.isEmpty() || launch::isLlamaServer(argv);
    m_modelFile->setEnabled(llama);
    m_browse->setEnabled(llama);
    m_gpuLayers->setEnabled(llama);
    const QSignalBlocker blockFile(m_modelFile), blockLayers(m_gpuLayers);
    m_modelFile->setText(launch::value(argv, launch::kModelFile));
    bool ok = false;
    const int layers = launch::value(argv, launch::kGpuLayers).toInt(&ok);
    m_gpuLayers->setValue(ok ? layers : -1);
}

void CatalogEditor::addRow(QFormLayout *form, const QString &label, QWidget *field, const QString &key)
{
    auto *error = errorLabel(m_form);
    form->addRow(label, field);
    form->addRow(QString(), error);
    m_fieldErrors[key] = error;
    m_fields[key] = field;
}

QCheckBox *CatalogEditor::capability(const QString &name) const
{
    const auto it = m_caps.find(name);
    return it == m_caps.end() ? nullptr : it->second;
}

void CatalogEditor::selectModel(const QString &id)
{
    const auto found = m_list->findItems(id, Qt::MatchExactly);
    if (!found.isEmpty())
        m_list->setCurrentItem(found.first());
}

void CatalogEditor::fill()
{
    const int keep = m_list->currentRow();
    const QJsonArray models = document()->section(kModels).toArray();
    QStringList backends;
    for (const QJsonValue &b : document()->section(QStringLiteral("backends")).toArray())
        backends << b.toObject().value(QLatin1String("id")).toString();
    m_backend->clear();
    m_backend->addItems(backends);
    m_list->clear();
    for (const QJsonValue &v : models)
        m_list->addItem(v.toObject().value(QLatin1String("id")).toString());
    if (!models.isEmpty())
        m_list->setCurrentRow(std::clamp(keep, 0, int(models.size()) - 1));
    showModel();
}

void CatalogEditor::showModel()
{
    const int row = m_list->currentRow();
    const QJsonArray models = document()->section(kModels).toArray();
    const bool has = row >= 0 && row < models.size();
    m_form->setEnabled(has);
    m_remove->setEnabled(has);
    const QJsonObject m = has ? models[row].toObject() : QJsonObject();
    const QJsonObject launch = m.value(QLatin1String("launch")).toObject();
    QSignalBlocker blockers[] = {QSignalBlocker(m_id), QSignalBlocker(m_backend), QSignalBlocker(m_upstream), QSignalBlocker(m_aliases),
                                 QSignalBlocker(m_command), QSignalBlocker(m_healthPath), QSignalBlocker(m_loadTimeout),
                                 QSignalBlocker(m_declareCaps), QSignalBlocker(m_context), QSignalBlocker(m_ttl),
                                 QSignalBlocker(m_maxConcurrent), QSignalBlocker(m_pinned), QSignalBlocker(m_preload), QSignalBlocker(m_group),
                                 QSignalBlocker(m_stripParams)};
    m_id->setText(m.value(QLatin1String("id")).toString());
    m_backend->setCurrentText(m.value(QLatin1String("backend")).toString());
    m_upstream->setText(m.value(QLatin1String("upstreamModel")).toString());
    QStringList aliases;
    for (const QJsonValue &a : m.value(QLatin1String("aliases")).toArray())
        aliases << a.toString();
    m_aliases->setText(aliases.join(QStringLiteral(", ")));
    QStringList stripped;
    for (const QJsonValue &name : m.value(QLatin1String("stripParams")).toArray())
        stripped << name.toString();
    m_stripParams->setText(stripped.join(QStringLiteral(", ")));
    m_command->setText(joinCommand(launch.value(QLatin1String("command")).toArray()));
    m_command->setCursorPosition(0);
    m_healthPath->setText(launch.value(QLatin1String("healthPath")).toString());
    m_loadTimeout->setValue(launch.value(QLatin1String("loadTimeoutS")).toInt(0));
    const bool declared = m.contains(QLatin1String("capabilities"));
    m_declareCaps->setChecked(declared);
    const QJsonArray caps = m.value(QLatin1String("capabilities")).toArray();
    for (auto &[name, box] : m_caps) {
        const QSignalBlocker block(box);
        box->setChecked(caps.contains(name));
        box->setEnabled(declared);
    }
    m_context->setValue(m.value(QLatin1String("contextTokens")).toInt(0));
    QStringList argv;
    for (const QJsonValue &a : launch.value(QLatin1String("command")).toArray())
        argv << a.toString();
    showLaunchFields(argv);
    m_ttl->setValue(m.value(QLatin1String("ttlS")).toInt(-1));
    m_maxConcurrent->setValue(m.value(QLatin1String("maxConcurrent")).toInt(0));
    m_pinned->setChecked(m.value(QLatin1String("pinned")).toBool());
    m_preload->setChecked(m.value(QLatin1String("preload")).toBool());
    m_group->setText(m.value(QLatin1String("group")).toString());
    {
        const QSignalBlocker block(m_params);
        m_params->setParams(m.value(QLatin1String("params")).toObject());
    }
    errors().clearFields();
    const QString path = QStringLiteral("models[%1]").arg(row);
    for (auto &[key, label] : m_fieldErrors)
        errors().add(path + QLatin1Char('.') + key, m_fields[key], label);
    errors().add(path, m_id, m_fieldErrors[QStringLiteral("id")]);
}

void CatalogEditor::updateModel(const std::function<void(QJsonObject &)> &change)
{
    const int row = m_list->currentRow();
    QJsonArray models = document()->section(kModels).toArray();
    if (isFilling() || row < 0 || row >= models.size())
        return;
    QJsonObject model = models[row].toObject();
    change(model);
    models[row] = model;
    writeSection(kModels, models);
}

void CatalogEditor::addModel()
{
    bool ok = false;
    const QString id = QInputDialog::getText(this, tr("Add model"), tr("Model id (the name clients ask for):"), QLineEdit::Normal, {}, &ok).trimmed();
    if (!ok || id.isEmpty())
        return;
    QJsonArray models = document()->section(kModels).toArray();
    const QJsonArray backends = document()->section(QStringLiteral("backends")).toArray();
    const QString backend = backends.isEmpty() ? QString() : backends.first().toObject().value(QLatin1String("id")).toString();
    models.append(QJsonObject{{QStringLiteral("id"), id}, {QStringLiteral("backend"), backend}});
    document()->setSection(kModels, models); // refills the list
    m_list->setCurrentRow(m_list->count() - 1);
}

void CatalogEditor::removeModel()
{
    const int row = m_list->currentRow();
    QJsonArray models = document()->section(kModels).toArray();
    if (row < 0 || row >= models.size())
        return;
    models.removeAt(row);
    document()->setSection(kModels, models);
}

} // namespace sy::ui
