#include "views/routepreviewview.h"

#include "client/corelink.h"
#include "widgets/modelnamebox.h"
#include "widgets/tracetree.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace sy::ui {
namespace {

// A 1x1 PNG, so "has an image" asks for vision like a real request would.
const char kTinyPng[] = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

} // namespace

RoutePreviewView::RoutePreviewView(CoreLink *link, QWidget *parent)
    : QWidget(parent), m_link(link), m_model(new QComboBox(this)), m_agent(new QLineEdit(this)), m_role(new QLineEdit(this)),
      m_product(new QLineEdit(this)), m_mode(new QComboBox(this)), m_tools(new QCheckBox(tr("Sends tools"), this)),
      m_image(new QCheckBox(tr("Contains an image"), this)), m_prompt(new QPlainTextEdit(this)), m_go(new QPushButton(tr("Preview route"), this)),
      m_outcome(new QLabel(this)), m_chain(makeDetailTree({tr("#"), tr("Model"), tr("Backend"), tr("Upstream name"), tr("Loaded"), tr("Parameters")}, this)),
      m_trace(makeDetailTree({tr("Step"), tr("Model"), tr("Detail")}, this))
{
    m_model->setEditable(true);
    m_model->setInsertPolicy(QComboBox::NoInsert);
    m_model->setMinimumContentsLength(24);
    m_model->setToolTip(tr("A model id or alias, a prefixed name, agent:NAME, role:ROLE/PRODUCT, mode:eco, or auto"));
    m_agent->setPlaceholderText(tr("X-Agent-Class (optional)"));
    m_role->setPlaceholderText(tr("X-Switchyard-Role"));
    m_product->setPlaceholderText(tr("X-Switchyard-Product"));
    m_mode->addItem(tr("(none)"), QString());
    m_mode->addItem(QStringLiteral("eco"), QStringLiteral("eco"));
    m_mode->addItem(QStringLiteral("fast"), QStringLiteral("fast"));
    m_prompt->setPlaceholderText(tr("The prompt, as the user message (auto routing reads its task type from it)"));
    m_prompt->setMaximumHeight(110);
    m_prompt->setTabChangesFocus(true); // a prompt has no use for tab characters; Tab moves on
    m_outcome->setWordWrap(true);
    m_outcome->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_go->setDefault(true);

    auto *form = new QFormLayout;
    form->addRow(tr("Model"), m_model);
    form->addRow(tr("Agent class"), m_agent);
    auto *roleRow = new QHBoxLayout;
    roleRow->addWidget(m_role);
    roleRow->addWidget(m_product);
    form->addRow(tr("Role / product"), roleRow);
    form->addRow(tr("Mode"), m_mode);
    auto *needs = new QHBoxLayout;
    needs->addWidget(m_tools);
    needs->addWidget(m_image);
    needs->addStretch(1);
    needs->addWidget(m_go);
    form->addRow(tr("Prompt"), m_prompt);
    form->addRow(QString(), needs);

    auto *results = new QSplitter(Qt::Vertical, this);
    auto *chainBox = new QWidget(results);
    auto *chainLayout = new QVBoxLayout(chainBox);
    chainLayout->setContentsMargins(0, 0, 0, 0);
    chainLayout->addWidget(m_outcome);
    chainLayout->addWidget(m_chain);
    results->addWidget(chainBox);
    auto *traceBox = new QWidget(results);
    auto *traceLayout = new QVBoxLayout(traceBox);
    traceLayout->setContentsMargins(0, 0, 0, 0);
    traceLayout->addWidget(new QLabel(tr("<b>Why (explain trace)</b>"), traceBox));
    traceLayout->addWidget(m_trace);
    results->addWidget(traceBox);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(results, 1);
    m_outcome->setText(tr("Nothing is called and no model is loaded: this only asks the router what it would do."));

    connect(m_go, &QPushButton::clicked, this, &RoutePreviewView::preview);
    connect(m_model->lineEdit(), &QLineEdit::returnPressed, this, &RoutePreviewView::preview);
    connect(m_agent, &QLineEdit::returnPressed, this, &RoutePreviewView::preview);
}

void RoutePreviewView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    refreshNames();
}

void RoutePreviewView::refreshNames()
{
    fillWithModelNames(m_link, m_model);
}

QJsonObject RoutePreviewView::previewBody() const
{
    QJsonArray content;
    const QString prompt = m_prompt->toPlainText().isEmpty() ? QStringLiteral("Hello") : m_prompt->toPlainText();
    content.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("text")}, {QStringLiteral("text"), prompt}});
    if (m_image->isChecked())
        content.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("image_url")},
                                   {QStringLiteral("image_url"), QJsonObject{{QStringLiteral("url"), QLatin1String(kTinyPng)}}}});
    QJsonObject request{{QStringLiteral("model"), m_model->currentText().trimmed()},
                        {QStringLiteral("messages"), QJsonArray{QJsonObject{{QStringLiteral("role"), QStringLiteral("user")},
                                                                            {QStringLiteral("content"), content}}}}};
    if (m_tools->isChecked()) {
        const QJsonObject function{{QStringLiteral("name"), QStringLiteral("lookup")},
                                   {QStringLiteral("parameters"), QJsonObject{{QStringLiteral("type"), QStringLiteral("object")}}}};
        request.insert(QStringLiteral("tools"), QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("function")}, {QStringLiteral("function"), function}}});
    }
    QJsonObject headers;
    const auto header = [&headers](const char *name, const QString &value) {
        if (!value.trimmed().isEmpty())
            headers.insert(QLatin1String(name), value.trimmed());
    };
    header("X-Agent-Class", m_agent->text());
    header("X-Switchyard-Role", m_role->text());
    header("X-Switchyard-Product", m_product->text());
    header("X-Switchyard-Mode", m_mode->currentData().toString());
    return {{QStringLiteral("request"), request}, {QStringLiteral("headers"), headers}, {QStringLiteral("endpoint"), QStringLiteral("chat")}};
}

void RoutePreviewView::preview()
{
    m_go->setEnabled(false);
    m_link->send("POST", QStringLiteral("/api/v1/route/preview"), QJsonDocument(previewBody()).toJson(QJsonDocument::Compact), [this](const RestReply &r) {
        m_go->setEnabled(true);
        if (r.status == 0) {
            m_outcome->setText(tr("Could not ask the core: %1").arg(r.message()));
            return;
        }
        show(r.body);
        Q_EMIT previewed(r.body);
    });
}

void RoutePreviewView::show(const QJsonObject &answer)
{
    m_chain->clear();
    if (answer.value(QLatin1String("ok")).toBool()) {
        const QJsonArray chain = answer.value(QLatin1String("chain")).toArray();
        const QString first = chain.isEmpty() ? QString() : chain.first().toObject().value(QLatin1String("model")).toString();
        m_outcome->setText(tr("Served by <b>%1</b> (route <b>%2</b>); if it fails, the next in the chain is tried, at most %n attempt(s).", nullptr,
                              answer.value(QLatin1String("attemptsAllowed")).toInt())
                               .arg(first.toHtmlEscaped(), answer.value(QLatin1String("route")).toString()));
        int rank = 1;
        for (const QJsonValue &v : chain) {
            const QJsonObject c = v.toObject();
            new QTreeWidgetItem(m_chain, {QString::number(rank++), jsonText(c.value(QLatin1String("model"))), jsonText(c.value(QLatin1String("backend"))),
                                          jsonText(c.value(QLatin1String("upstreamModel"))),
                                          c.value(QLatin1String("warm")).toBool() ? tr("yes") : tr("no"),
                                          c.value(QLatin1String("params")).toObject().isEmpty() ? QString() : jsonText(c.value(QLatin1String("params")))});
        }
    } else {
        const QJsonObject error = answer.value(QLatin1String("error")).toObject();
        m_outcome->setText(tr("<span style='color:#c83232'>Nothing would serve it: %1 (HTTP %2)</span>")
                               .arg(error.value(QLatin1String("message")).toString().toHtmlEscaped())
                               .arg(error.value(QLatin1String("status")).toInt()));
    }
    fillTrace(m_trace, answer.value(QLatin1String("trace")).toObject());
}

} // namespace sy::ui
