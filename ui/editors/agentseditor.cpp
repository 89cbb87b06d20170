#include "editors/agentseditor.h"

#include "editors/catalognames.h"
#include "editors/configdocument.h"
#include "editors/orderedlist.h"
#include "editors/paramstable.h"

#include <QGroupBox>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QJsonArray>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

namespace sy::ui {
AgentsEditor::AgentsEditor(ConfigDocument *document, QWidget *parent)
    : EditorPage(document, {QStringLiteral("agents")},
                 tr("Each agent class (sent as X-Agent-Class, or as the model name agent:NAME) tries its models in order: "
                    "the first is the primary, the rest are fallbacks. \"default\" serves classes not listed."),
                 parent),
      m_agents(new QListWidget(this)), m_remove(new QPushButton(tr("Remove"), this)), m_detail(new QWidget(this)),
      m_title(new QLabel(m_detail)), m_models(new OrderedList(m_detail)), m_modelsError(errorLabel(m_detail)),
      m_params(new ParamsTable(m_detail)), m_paramsError(errorLabel(m_detail)), m_overridesTitle(new QLabel(m_detail)),
      m_modelParams(new ParamsTable(m_detail))
{
    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(new QLabel(tr("<b>Agent classes</b>"), left));
    leftLayout->addWidget(m_agents, 1);
    auto *buttons = new QHBoxLayout;
    auto *add = new QPushButton(tr("Add…"), left);
    buttons->addWidget(add);
    buttons->addWidget(m_remove);
    leftLayout->addLayout(buttons);

    auto *detailLayout = new QVBoxLayout(m_detail);
    detailLayout->setContentsMargins(0, 0, 0, 0);
    detailLayout->addWidget(m_title);
    auto *modelsBox = new QGroupBox(tr("Models, primary first (drag to reorder)"), m_detail);
    auto *modelsLayout = new QVBoxLayout(modelsBox);
    modelsLayout->addWidget(m_models);
    modelsLayout->addWidget(m_modelsError);
    detailLayout->addWidget(modelsBox, 2);
    auto *paramsBox = new QGroupBox(tr("Parameters for every model of this agent"), m_detail);
    auto *paramsLayout = new QVBoxLayout(paramsBox);
    paramsLayout->addWidget(m_params);
    paramsLayout->addWidget(m_paramsError);
    detailLayout->addWidget(paramsBox, 1);
    auto *overridesBox = new QGroupBox(tr("Overrides for the selected model"), m_detail);
    auto *overridesLayout = new QVBoxLayout(overridesBox);
    m_overridesTitle->setWordWrap(true);
    overridesLayout->addWidget(m_overridesTitle);
    overridesLayout->addWidget(m_modelParams);
    detailLayout->addWidget(overridesBox, 1);

    auto *splitter = new QSplitter(this);
    splitter->addWidget(left);
    splitter->addWidget(m_detail);
    splitter->setStretchFactor(1, 3);
    content()->addWidget(splitter);

    connect(add, &QPushButton::clicked, this, &AgentsEditor::addAgent);
    connect(m_remove, &QPushButton::clicked, this, &AgentsEditor::removeAgent);
    connect(m_agents, &QListWidget::currentTextChanged, this, &AgentsEditor::showAgent);
    connect(m_models, &OrderedList::changed, this, [this](const QStringList &models) {
        updateAgent([&models](QJsonObject &agent) { agent.insert(QStringLiteral("models"), QJsonArray::fromStringList(models)); });
        showModelParams();
    });
    connect(m_models->list(), &QListWidget::currentTextChanged, this, &AgentsEditor::showModelParams);
    connect(m_params, &ParamsTable::changed, this, [this](const QJsonObject &params) {
        updateAgent([&params](QJsonObject &agent) {
            if (params.isEmpty())
                agent.remove(QStringLiteral("params"));
            else
                agent.insert(QStringLiteral("params"), params);
        });
    });
    connect(m_modelParams, &ParamsTable::changed, this, [this](const QJsonObject &params) {
        const QString model = m_models->list()->currentItem() ? m_models->list()->currentItem()->text() : QString();
        if (model.isEmpty())
            return;
        updateAgent([&](QJsonObject &agent) {
            QJsonObject overrides = agent.value(QLatin1String("modelParams")).toObject();
            if (params.isEmpty())
                overrides.remove(model);
            else
                overrides.insert(model, params);
            if (overrides.isEmpty())
                agent.remove(QStringLiteral("modelParams"));
            else
                agent.insert(QStringLiteral("modelParams"), overrides);
        });
    });
}

QString AgentsEditor::currentAgent() const
{
    return m_agents->currentItem() ? m_agents->currentItem()->text() : QString();
}

void AgentsEditor::selectAgent(const QString &name)
{
    const auto found = m_agents->findItems(name, Qt::MatchExactly);
    if (!found.isEmpty())
        m_agents->setCurrentItem(found.first());
}

void AgentsEditor::fill()
{
    const QString keep = currentAgent();
    const QStringList names = document()->section(QStringLiteral("agents")).toObject().keys();
    m_agents->clear();
    m_agents->addItems(names);
    m_models->setCatalog(document()->pickableNames());
    if (!names.isEmpty())
        selectAgent(names.contains(keep) ? keep : names.first());
    showAgent();
}

void AgentsEditor::showAgent()
{
    const QString name = currentAgent();
    m_detail->setEnabled(!name.isEmpty());
    m_remove->setEnabled(!name.isEmpty());
    const QJsonObject agent = document()->section(QStringLiteral("agents")).toObject().value(name).toObject();
    m_title->setText(name.isEmpty() ? tr("Add an agent class to give it a model list.") : tr("<h3>%1</h3>").arg(name.toHtmlEscaped()));
    m_models->setItems(toStringList(agent.value(QLatin1String("models"))));
    m_params->setParams(agent.value(QLatin1String("params")).toObject());
    errors().clearFields();
    const QString path = QStringLiteral("agents.") + name;
    errors().add(path + QStringLiteral(".models"), m_models->list(), m_modelsError);
    errors().add(path + QStringLiteral(".params"), m_params->table(), m_paramsError);
    errors().add(path, m_models->list(), m_modelsError);
    showModelParams();
}

void AgentsEditor::showModelParams()
{
    const QString model = m_models->list()->currentItem() ? m_models->list()->currentItem()->text() : QString();
    const QJsonObject agent = document()->section(QStringLiteral("agents")).toObject().value(currentAgent()).toObject();
    m_modelParams->setEnabled(!model.isEmpty());
    m_overridesTitle->setText(model.isEmpty() ? tr("Select a model in the list to override parameters for it alone.")
                                              : tr("Used when this agent's request is served by <b>%1</b>; they win over the agent's.").arg(model.toHtmlEscaped()));
    m_modelParams->setParams(agent.value(QLatin1String("modelParams")).toObject().value(model).toObject());
}

void AgentsEditor::updateAgent(const std::function<void(QJsonObject &)> &change)
{
    const QString name = currentAgent();
    if (name.isEmpty() || isFilling())
        return;
    QJsonObject agents = document()->section(QStringLiteral("agents")).toObject();
    QJsonObject agent = agents.value(name).toObject();
    change(agent);
    agents.insert(name, agent);
    writeSection(QStringLiteral("agents"), agents);
}

void AgentsEditor::addAgent()
{
    bool ok = false;
    const QString name = QInputDialog::getText(this, tr("Add agent class"), tr("Agent class (as clients send it in X-Agent-Class):"),
                                               QLineEdit::Normal, {}, &ok).trimmed();
    if (!ok || name.isEmpty())
        return;
    QJsonObject agents = document()->section(QStringLiteral("agents")).toObject();
    if (!agents.contains(name))
        agents.insert(name, QJsonObject{{QStringLiteral("models"), QJsonArray()}});
    document()->setSection(QStringLiteral("agents"), agents); // refills the list
    selectAgent(name);
}

void AgentsEditor::removeAgent()
{
    const QString name = currentAgent();
    if (name.isEmpty())
        return;
    QJsonObject agents = document()->section(QStringLiteral("agents")).toObject();
    agents.remove(name);
    document()->setSection(QStringLiteral("agents"), agents);
}

} // namespace sy::ui
