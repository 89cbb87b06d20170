#pragma once
// A chat playground: send a message to any model name or policy (an id, auto, agent:Coder,
// mode:eco, ...), the answer streamed as it comes, and beside it how the request was
// routed (the explain trace, from the X-Switchyard-Trace response header), who served it,
// the time to the first token and the rate. It talks to the inference endpoint exactly as
// a client does (POST /v1/chat/completions, streamed).

#include <QElapsedTimer>
#include <QJsonArray>
#include <QNetworkReply>
#include <QPointer>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QNetworkAccessManager;
class QPlainTextEdit;
class QPushButton;
class QTreeWidget;

namespace sy::ui {

class CoreLink;

class PlaygroundView : public QWidget {
    Q_OBJECT
public:
    PlaygroundView(CoreLink *link, QWidget *parent = nullptr);
    void setModel(const QString &name);
    void setPrompt(const QString &text);
    void send();
    void stop();
    void newChat();
    bool isBusy() const { return m_reply != nullptr; }
    QString answer() const;  // the transcript shown
    QString summary() const; // "served by … via route …"
    QTreeWidget *trace() const { return m_trace; }

Q_SIGNALS:
    void finished();

protected:
    void showEvent(QShowEvent *event) override;

private:
    void readHeaders(QNetworkReply *reply);
    void readEvents(QNetworkReply *reply, bool last);
    void appendToTranscript(const QString &text);
    void done();
    void updateButtons();

    CoreLink *m_link;
    QNetworkAccessManager *m_network;
    QPointer<QNetworkReply> m_reply;
    QComboBox *m_model;
    QLineEdit *m_key;
    QPlainTextEdit *m_prompt;
    QPushButton *m_send;
    QPushButton *m_stop;
    QPushButton *m_new;
    QPlainTextEdit *m_answer;
    QLabel *m_summary;
    QTreeWidget *m_trace;
    QJsonArray m_messages;   // the conversation so far (OpenAI messages)
    QString m_replyText;    // the answer being streamed
    QByteArray m_pending;    // an SSE event not yet complete
    QElapsedTimer m_clock;
    qint64 m_firstTokenMs = -1;
    int m_tokens = 0;
    bool m_headersRead = false;
    QString m_streamError; // an error event in the stream
};

} // namespace sy::ui
