#include "views/playgroundview.h"

#include "client/corelink.h"
#include "widgets/modelnamebox.h"
#include "widgets/tracetree.h"

#include <QComboBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QShortcut>
#include <QSplitter>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace sy::ui {
namespace {

constexpr int kMaxAnswerChars = 200'000; // a runaway answer stops being shown, not the window

QString errorMessage(const QByteArray &body)
{
    const QJsonObject error = QJsonDocument::fromJson(body).object().value(QLatin1String("error")).toObject();
    return error.isEmpty() ? QString::fromUtf8(body.left(500)) : error.value(QLatin1String("message")).toString();
}

} // namespace

PlaygroundView::PlaygroundView(CoreLink *link, QWidget *parent)
    : QWidget(parent), m_link(link), m_network(new QNetworkAccessManager(this)), m_model(new QComboBox(this)), m_key(new QLineEdit(this)),
      m_prompt(new QPlainTextEdit(this)), m_send(new QPushButton(tr("Send"), this)), m_stop(new QPushButton(tr("Stop"), this)),
      m_new(new QPushButton(tr("New chat"), this)), m_answer(new QPlainTextEdit(this)), m_summary(new QLabel(this)),
      m_trace(makeDetailTree({tr("Step"), tr("Model"), tr("Detail")}, this))
{
    m_model->setEditable(true);
    m_model->setInsertPolicy(QComboBox::NoInsert);
    m_model->setCurrentText(QStringLiteral("auto"));
    m_model->setToolTip(tr("Any name /v1/models lists: a model, an alias, auto, agent:…, role:…, mode:…"));
    m_key->setEchoMode(QLineEdit::Password);
    m_key->setPlaceholderText(tr("only when server.clientKeys is set; not stored"));
    auto *form = new QFormLayout;
    form->addRow(tr("&Model:"), m_model);
    form->addRow(tr("Client &key:"), m_key);

    m_prompt->setPlaceholderText(tr("A message (Ctrl+Enter sends)"));
    m_prompt->setTabChangesFocus(true);
    m_prompt->setMaximumHeight(120);
    m_answer->setReadOnly(true);
    m_answer->setTabChangesFocus(true);
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_new);
    buttons->addStretch(1);
    buttons->addWidget(m_stop);
    buttons->addWidget(m_send);

    auto *chat = new QWidget(this);
    auto *chatLayout = new QVBoxLayout(chat);
    chatLayout->setContentsMargins(0, 0, 0, 0);
    chatLayout->addLayout(form);
    chatLayout->addWidget(m_answer, 1);
    chatLayout->addWidget(m_prompt);
    chatLayout->addLayout(buttons);
    auto *route = new QWidget(this);
    auto *routeLayout = new QVBoxLayout(route);
    routeLayout->setContentsMargins(0, 0, 0, 0);
    routeLayout->addWidget(new QLabel(tr("<b>How it was routed</b>"), route));
    routeLayout->addWidget(m_summary);
    routeLayout->addWidget(m_trace, 1);
    auto *split = new QSplitter(this);
    split->addWidget(chat);
    split->addWidget(route);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(split);

    connect(m_send, &QPushButton::clicked, this, &PlaygroundView::send);
    connect(m_stop, &QPushButton::clicked, this, &PlaygroundView::stop);
    connect(m_new, &QPushButton::clicked, this, &PlaygroundView::newChat);
    auto *sendKey = new QShortcut(QKeySequence(QStringLiteral("Ctrl+Return")), m_prompt);
    sendKey->setContext(Qt::WidgetShortcut);
    connect(sendKey, &QShortcut::activated, this, &PlaygroundView::send);
    connect(m_prompt, &QPlainTextEdit::textChanged, this, &PlaygroundView::updateButtons);
    updateButtons();
}

void PlaygroundView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    fillWithModelNames(m_link, m_model);
}

void PlaygroundView::setModel(const QString &name) { m_model->setCurrentText(name); }
void PlaygroundView::setPrompt(const QString &text) { m_prompt->setPlainText(text); }
QString PlaygroundView::answer() const { return m_answer->toPlainText(); }
QString PlaygroundView::summary() const { return m_summary->text(); }

void PlaygroundView::updateButtons()
{
    m_send->setEnabled(!isBusy() && !m_prompt->toPlainText().trimmed().isEmpty());
    m_stop->setEnabled(isBusy());
    m_new->setEnabled(!isBusy() && !m_messages.isEmpty());
}

void PlaygroundView::newChat()
{
    stop();
    m_messages = {};
    m_answer->clear();
    m_summary->clear();
    m_trace->clear();
    updateButtons();
}

void PlaygroundView::send()
{
    const QString text = m_prompt->toPlainText().trimmed();
    if (isBusy() || text.isEmpty())
        return;
    m_messages.append(QJsonObject{{QStringLiteral("role"), QStringLiteral("user")}, {QStringLiteral("content"), text}});
    const QJsonObject body{{QStringLiteral("model"), m_model->currentText().trimmed()},
                           {QStringLiteral("messages"), m_messages},
                           {QStringLiteral("stream"), true},
                           {QStringLiteral("stream_options"), QJsonObject{{QStringLiteral("include_usage"), true}}}};
    QNetworkRequest request(m_link->base().resolved(QUrl(QStringLiteral("/v1/chat/completions"))));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setRawHeader("X-Switchyard-Trace", "1");
    request.setRawHeader("User-Agent", "switchyard-playground");
    if (!m_key->text().isEmpty())
        request.setRawHeader("Authorization", "Bearer " + m_key->text().toUtf8());
    request.setTransferTimeout(0); // a cold model may take minutes to load; Stop ends it

    m_answer->appendPlainText((m_messages.size() > 1 ? QStringLiteral("\n") : QString()) + tr("You: %1").arg(text));
    m_answer->appendPlainText(tr("%1:").arg(m_model->currentText().trimmed()) + QLatin1Char(' '));
    m_prompt->clear();
    m_replyText.clear();
    m_pending.clear();
    m_summary->setText(tr("Waiting for %1…").arg(m_model->currentText().trimmed()));
    m_trace->clear();
    m_firstTokenMs = -1;
    m_tokens = 0;
    m_headersRead = false;
    m_clock.start();
    m_reply = m_network->post(request, QJsonDocument(body).toJson(QJsonDocument::Compact));
    connect(m_reply, &QNetworkReply::metaDataChanged, this, &PlaygroundView::readHeaders);
    connect(m_reply, &QNetworkReply::readyRead, this, &PlaygroundView::readEvents);
    connect(m_reply, &QNetworkReply::finished, this, &PlaygroundView::done);
    updateButtons();
}

void PlaygroundView::stop()
{
    if (m_reply)
        m_reply->abort(); // finished() follows, with OperationCanceledError
}

void PlaygroundView::readHeaders()
{
    if (!m_reply || m_headersRead)
        return;
    m_headersRead = true;
    const QByteArray trace = m_reply->rawHeader("X-Switchyard-Trace");
    if (!trace.isEmpty())
        fillTrace(m_trace, QJsonDocument::fromJson(trace).object());
}

void PlaygroundView::readEvents()
{
    if (!m_reply)
        return;
    readHeaders();
    if (m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() != 200)
        return; // an error body: read whole in done()
    m_pending += m_reply->readAll();
    QString delta;
    // SSE: events end with an empty line; each "data: {...}" is one chunk.
    for (qsizetype end = m_pending.indexOf("\n\n"); end >= 0; end = m_pending.indexOf("\n\n")) {
        const QByteArray event = m_pending.left(end);
        m_pending.remove(0, end + 2);
        for (const QByteArray &line : event.split('\n')) {
            if (!line.startsWith("data:") || line.mid(5).trimmed() == "[DONE]")
                continue;
            const QJsonObject chunk = QJsonDocument::fromJson(line.mid(5).trimmed()).object();
            const QString piece = chunk.value(QLatin1String("choices")).toArray().at(0)[QLatin1String("delta")][QLatin1String("content")].toString();
            if (!piece.isEmpty()) {
                if (m_firstTokenMs < 0)
                    m_firstTokenMs = m_clock.elapsed();
                delta += piece;
            }
            const QJsonObject usage = chunk.value(QLatin1String("usage")).toObject();
            if (usage.contains(QLatin1String("completion_tokens")))
                m_tokens = usage.value(QLatin1String("completion_tokens")).toInt();
            if (chunk.contains(QLatin1String("error")))
                delta += QStringLiteral("\n[%1]").arg(chunk.value(QLatin1String("error"))[QLatin1String("message")].toString());
        }
    }
    if (!delta.isEmpty() && m_replyText.size() < kMaxAnswerChars) {
        m_replyText += delta;
        m_answer->moveCursor(QTextCursor::End);
        m_answer->insertPlainText(delta);
    }
}

void PlaygroundView::done()
{
    if (!m_reply)
        return;
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    reply->deleteLater();
    readHeaders();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QString served = QString::fromUtf8(reply->rawHeader("X-Switchyard-Model"));
    const QString route = QString::fromUtf8(reply->rawHeader("X-Switchyard-Route"));
    if (reply->error() == QNetworkReply::OperationCanceledError) {
        m_summary->setText(tr("Stopped after %1 ms.").arg(m_clock.elapsed()));
    } else if (status != 200) {
        const QString message = status ? errorMessage(reply->readAll()) : reply->errorString();
        m_answer->insertPlainText(tr("[error %1: %2]").arg(status).arg(message));
        m_summary->setText(tr("Refused: %1 %2").arg(status).arg(message));
        m_messages.removeLast(); // the question was not answered: it can be sent again
    } else {
        readEvents();
        m_messages.append(QJsonObject{{QStringLiteral("role"), QStringLiteral("assistant")}, {QStringLiteral("content"), m_replyText}});
        const qint64 totalMs = m_clock.elapsed();
        QString text = tr("Served by %1 (route %2) in %3 ms").arg(served, route).arg(totalMs);
        if (m_firstTokenMs >= 0)
            text += tr(", first token after %1 ms").arg(m_firstTokenMs);
        // The rate over the generation only (from the first token on), when it took measurable time.
        const qint64 generationMs = m_firstTokenMs >= 0 ? totalMs - m_firstTokenMs : 0;
        if (m_tokens > 0 && generationMs > 0)
            text += tr(", %1 tokens at %2 tokens/s").arg(m_tokens).arg(QLocale().toString(m_tokens * 1000.0 / double(generationMs), 'f', 1));
        else if (m_tokens > 0)
            text += tr(", %1 tokens").arg(m_tokens);
        m_summary->setText(text + QLatin1Char('.'));
    }
    updateButtons();
    Q_EMIT finished();
}

} // namespace sy::ui
