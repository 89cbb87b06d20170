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
constexpr qsizetype kMaxPendingBytes = 1 << 20; // an "event" this long is not one

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

    appendToTranscript((m_answer->document()->isEmpty() ? QString() : QStringLiteral("\n\n")) + tr("You: %1").arg(text) +
                       QLatin1Char('\n') + tr("%1:").arg(m_model->currentText().trimmed()) + QLatin1Char(' '));
    m_prompt->clear();
    m_replyText.clear();
    m_pending.clear();
    m_summary->setText(tr("Waiting for %1…").arg(m_model->currentText().trimmed()));
    m_trace->clear();
    m_firstTokenMs = -1;
    m_tokens = 0;
    m_headersRead = false;
    m_streamError.clear();
    m_clock.start();
    m_reply = m_network->post(request, QJsonDocument(body).toJson(QJsonDocument::Compact));
    connect(m_reply, &QNetworkReply::metaDataChanged, this, [this] {
        if (m_reply)
            readHeaders(m_reply);
    });
    connect(m_reply, &QNetworkReply::readyRead, this, [this] {
        if (m_reply)
            readEvents(m_reply, false);
    });
    connect(m_reply, &QNetworkReply::finished, this, &PlaygroundView::done);
    updateButtons();
}

void PlaygroundView::stop()
{
    if (m_reply)
        m_reply->abort(); // finished() follows, with OperationCanceledError
}

void PlaygroundView::readHeaders(QNetworkReply *reply)
{
    if (m_headersRead)
        return;
    m_headersRead = true;
    const QByteArray trace = reply->rawHeader("X-Switchyard-Trace");
    if (!trace.isEmpty())
        fillTrace(m_trace, QJsonDocument::fromJson(trace).object());
}

void PlaygroundView::appendToTranscript(const QString &text)
{
    // At the end of the document, wherever the reader's cursor or selection is.
    QTextCursor end(m_answer->document());
    end.movePosition(QTextCursor::End);
    end.insertText(text);
}

void PlaygroundView::readEvents(QNetworkReply *reply, bool last)
{
    readHeaders(reply);
    if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() != 200)
        return; // an error body: read whole when it ends
    // SSE with "\n" or "\r\n" line ends; events end with an empty line. The last event may
    // lack its blank line when the stream ends.
    m_pending += reply->readAll().replace('\r', QByteArray());
    if (last && !m_pending.isEmpty())
        m_pending += "\n\n";
    QString delta;
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
            if (chunk.contains(QLatin1String("error"))) // shown, not part of the answer sent back next turn
                m_streamError = chunk.value(QLatin1String("error"))[QLatin1String("message")].toString();
        }
    }
    if (m_pending.size() > kMaxPendingBytes)
        m_pending.clear(); // not an event stream: nothing more to show from it
    if (!delta.isEmpty() && m_replyText.size() < kMaxAnswerChars) {
        m_replyText += delta;
        appendToTranscript(delta);
    }
}

void PlaygroundView::done()
{
    if (!m_reply)
        return;
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    reply->deleteLater();
    readHeaders(reply);
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QString served = QString::fromUtf8(reply->rawHeader("X-Switchyard-Model"));
    const QString route = QString::fromUtf8(reply->rawHeader("X-Switchyard-Route"));
    if (status == 200)
        readEvents(reply, true);
    // What was answered stays in the conversation; a question without an answer leaves it,
    // so turns keep alternating (some chat templates refuse anything else).
    const auto keepTurn = [this] {
        if (m_replyText.isEmpty())
            m_messages.removeLast();
        else
            m_messages.append(QJsonObject{{QStringLiteral("role"), QStringLiteral("assistant")}, {QStringLiteral("content"), m_replyText}});
    };
    if (reply->error() == QNetworkReply::OperationCanceledError) {
        keepTurn();
        m_summary->setText(tr("Stopped after %1 ms.").arg(m_clock.elapsed()));
    } else if (status != 200) {
        const QString message = status ? errorMessage(reply->readAll()) : reply->errorString();
        appendToTranscript(tr("[error %1: %2]").arg(status).arg(message));
        m_summary->setText(tr("Refused: %1 %2").arg(status).arg(message));
        m_messages.removeLast(); // the question was not answered: it can be sent again
    } else if (reply->error() != QNetworkReply::NoError || !m_streamError.isEmpty()) {
        // It started, then broke off: what came is kept, and the break is said.
        const QString why = m_streamError.isEmpty() ? reply->errorString() : m_streamError;
        appendToTranscript(tr(" [broken off: %1]").arg(why));
        keepTurn();
        m_summary->setText(tr("Served by %1 (route %2), broken off after %3 ms: %4").arg(served, route).arg(m_clock.elapsed()).arg(why));
    } else {
        keepTurn();
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
