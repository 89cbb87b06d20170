#include "protocol/responses/responsescodec.h"

#include "protocol/decoderbase.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <map>

namespace sy::protocol::responses {
namespace {

// The whole lifecycle, as clients check it: response.created and .in_progress; per output
// item .output_item.added, then (for text) .content_part.added, .output_text.delta...,
// .output_text.done, .content_part.done, (for a call) .function_call_arguments.delta...
// and .done; .output_item.done; and one terminal event with the whole response
// (.completed, .incomplete, or .failed after an error event). Every event carries its
// sequence_number. Items are closed in order, so at most one is open at a time.
class Encoder final : public StreamEncoder {
public:
    explicit Encoder(ClientContext client) : m_client(std::move(client)), m_createdAt(QDateTime::currentSecsSinceEpoch()) {}

    void encode(const StreamEvent &e, QByteArray &out) override
    {
        switch (e.type) {
        case StreamEvent::Type::Start:
            m_id = newId("resp_");
            m_model = e.name;
            emitResponse(out, "response.created", QStringLiteral("in_progress"));
            emitResponse(out, "response.in_progress", QStringLiteral("in_progress"));
            return;
        case StreamEvent::Type::Text:
            if (e.text.isEmpty())
                return;
            if (m_open != Open::Message)
                openMessage(out);
            m_text += e.text;
            push(out, "response.output_text.delta", {{QStringLiteral("item_id"), m_itemId},
                                                      {QStringLiteral("output_index"), outputIndex()},
                                                      {QStringLiteral("content_index"), 0},
                                                      {QStringLiteral("delta"), e.text},
                                                      {QStringLiteral("logprobs"), QJsonArray()}});
            return;
        case StreamEvent::Type::ToolCallStart: {
            closeItem(out);
            m_open = Open::Call;
            m_call = {e.id, e.name, {}};
            const QJsonObject item = callItem(m_call, QStringLiteral("in_progress"), m_client.request.get());
            m_itemId = item.value(QLatin1String("id")).toString();
            m_callIndex = e.index;
            push(out, "response.output_item.added", {{QStringLiteral("output_index"), outputIndex()}, {QStringLiteral("item"), item}});
            return;
        }
        case StreamEvent::Type::ToolCallArgs:
            if (m_open != Open::Call || e.index != m_callIndex || e.text.isEmpty())
                return; // a call's pieces come in order, before the next call starts
            m_call.arguments += e.text;
            if (!isCustom())
                push(out, "response.function_call_arguments.delta",
                     {{QStringLiteral("item_id"), m_itemId}, {QStringLiteral("output_index"), outputIndex()}, {QStringLiteral("delta"), e.text}});
            return;
        case StreamEvent::Type::Finish:
            closeItem(out);
            m_usage = e.usage;
            m_done = true;
            m_stop = e.stop;
            if (const QString status = statusFor(e.stop); status == QLatin1String("incomplete"))
                emitResponse(out, "response.incomplete", status);
            else
                emitResponse(out, "response.completed", status);
            return;
        }
    }

    void error(const ApiError &error, QByteArray &out) override
    {
        // Clients that ignore "error" events (Codex) end on response.failed.
        closeItem(out);
        const QJsonObject detail{{QStringLiteral("type"), QStringLiteral("server_error")},
                                 {QStringLiteral("code"), error.code.isEmpty() ? QStringLiteral("server_error") : QString::fromUtf8(error.code)},
                                 {QStringLiteral("message"), error.message},
                                 {QStringLiteral("param"), QJsonValue::Null}};
        push(out, "error", {{QStringLiteral("error"), detail}});
        if (m_id.isEmpty())
            m_id = newId("resp_");
        QJsonObject failed = response(QStringLiteral("failed"));
        failed.insert(QStringLiteral("error"), QJsonObject{{QStringLiteral("code"), QStringLiteral("server_error")},
                                                           {QStringLiteral("message"), error.message}});
        push(out, "response.failed", {{QStringLiteral("response"), failed}});
    }

    QByteArray contentType() const override { return QByteArrayLiteral("text/event-stream"); }

    QByteArray finalResponse() const override
    {
        return m_done ? QJsonDocument(m_final).toJson(QJsonDocument::Compact) : QByteArray();
    }

private:
    enum class Open { None, Message, Call };

    int outputIndex() const { return int(m_output.size()); } // of the item being written

    bool isCustom() const
    {
        return callItem(m_call, QStringLiteral("completed"), m_client.request.get()).value(QLatin1String("type")).toString() ==
               QLatin1String("custom_tool_call");
    }

    void openMessage(QByteArray &out)
    {
        closeItem(out);
        m_open = Open::Message;
        m_itemId = newId("msg_");
        m_text.clear();
        push(out, "response.output_item.added",
             {{QStringLiteral("output_index"), outputIndex()}, {QStringLiteral("item"), messageItem(m_itemId, {}, QStringLiteral("in_progress"))}});
        push(out, "response.content_part.added",
             {{QStringLiteral("item_id"), m_itemId},
              {QStringLiteral("output_index"), outputIndex()},
              {QStringLiteral("content_index"), 0},
              {QStringLiteral("part"), QJsonObject{{QStringLiteral("type"), QStringLiteral("output_text")},
                                                   {QStringLiteral("text"), QString()},
                                                   {QStringLiteral("annotations"), QJsonArray()}}}});
    }

    void closeItem(QByteArray &out)
    {
        if (m_open == Open::Message) {
            const QJsonObject part{{QStringLiteral("type"), QStringLiteral("output_text")},
                                   {QStringLiteral("text"), m_text},
                                   {QStringLiteral("annotations"), QJsonArray()}};
            push(out, "response.output_text.done", {{QStringLiteral("item_id"), m_itemId},
                                                     {QStringLiteral("output_index"), outputIndex()},
                                                     {QStringLiteral("content_index"), 0},
                                                     {QStringLiteral("text"), m_text},
                                                     {QStringLiteral("logprobs"), QJsonArray()}});
            push(out, "response.content_part.done", {{QStringLiteral("item_id"), m_itemId},
                                                      {QStringLiteral("output_index"), outputIndex()},
                                                      {QStringLiteral("content_index"), 0},
                                                      {QStringLiteral("part"), part}});
            finishItem(out, messageItem(m_itemId, m_text, QStringLiteral("completed")));
        } else if (m_open == Open::Call) {
            const QJsonObject item = callItem(m_call, QStringLiteral("completed"), m_client.request.get());
            if (isCustom())
                push(out, "response.custom_tool_call_input.done", {{QStringLiteral("item_id"), m_itemId},
                                                                    {QStringLiteral("output_index"), outputIndex()},
                                                                    {QStringLiteral("input"), item.value(QLatin1String("input"))}});
            else
                push(out, "response.function_call_arguments.done", {{QStringLiteral("item_id"), m_itemId},
                                                                     {QStringLiteral("output_index"), outputIndex()},
                                                                     {QStringLiteral("name"), item.value(QLatin1String("name"))},
                                                                     {QStringLiteral("arguments"), m_call.arguments}});
            finishItem(out, item);
        }
        m_open = Open::None;
    }

    void finishItem(QByteArray &out, const QJsonObject &item)
    {
        push(out, "response.output_item.done", {{QStringLiteral("output_index"), outputIndex()}, {QStringLiteral("item"), item}});
        m_output.append(item);
    }

    QJsonObject response(const QString &status) const
    {
        return responseObject(m_id, m_model, m_createdAt, status, m_output, m_usage, m_client, m_stop);
    }

    void emitResponse(QByteArray &out, const char *type, const QString &status)
    {
        const QJsonObject r = response(status);
        if (m_done)
            m_final = r;
        push(out, type, {{QStringLiteral("response"), r}});
    }

    void push(QByteArray &out, const char *type, QJsonObject data)
    {
        data.insert(QStringLiteral("type"), QLatin1String(type));
        data.insert(QStringLiteral("sequence_number"), m_sequence++);
        appendSse(out, type, data);
    }

    ClientContext m_client;
    qint64 m_createdAt;
    QString m_id;
    QString m_model;
    QJsonArray m_output; // finished items
    Open m_open = Open::None;
    QString m_itemId;
    QString m_text;
    ToolCall m_call;
    int m_callIndex = -1;
    int m_sequence = 0;
    Usage m_usage;
    StopReason m_stop = StopReason::Stop; // how the answer ended (incomplete_details)
    bool m_done = false;
    QJsonObject m_final;
};

// A Responses backend's stream: text and call deltas become canonical events; the
// terminal event brings usage and the stop reason; a failure is an error.
class Decoder final : public SseDecoder {
private:
    bool handle(const SseEvent &sse, Events &out, ApiError *error) override
    {
        const QJsonObject data = QJsonDocument::fromJson(sse.data).object();
        const QString type = data.value(QLatin1String("type")).toString();
        if (type == QLatin1String("response.created") || type == QLatin1String("response.in_progress")) {
            const QJsonObject r = data.value(QLatin1String("response")).toObject();
            start(out, r.value(QLatin1String("id")).toString(), r.value(QLatin1String("model")).toString());
        } else if (type == QLatin1String("response.output_text.delta")) {
            start(out);
            text(out, data.value(QLatin1String("delta")).toString());
        } else if (type == QLatin1String("response.output_item.added")) {
            const QJsonObject item = data.value(QLatin1String("item")).toObject();
            const QString itemType = item.value(QLatin1String("type")).toString();
            if (itemType == QLatin1String("function_call") || itemType == QLatin1String("custom_tool_call")) {
                start(out);
                m_calls[data.value(QLatin1String("output_index")).toInt()] = {
                    startToolCall(out, item.value(QLatin1String("call_id")).toString(), item.value(QLatin1String("name")).toString()),
                    itemType == QLatin1String("custom_tool_call"), {}};
            }
        } else if (type == QLatin1String("response.function_call_arguments.delta")) {
            if (const auto call = m_calls.find(data.value(QLatin1String("output_index")).toInt()); call != m_calls.end())
                toolArguments(out, call->second.index, data.value(QLatin1String("delta")).toString());
        } else if (type == QLatin1String("response.custom_tool_call_input.delta")) {
            if (const auto call = m_calls.find(data.value(QLatin1String("output_index")).toInt()); call != m_calls.end())
                call->second.input += data.value(QLatin1String("delta")).toString();
        } else if (type == QLatin1String("response.output_item.done")) {
            // A custom call's input arrives as text: as one JSON argument when it is complete.
            if (const auto call = m_calls.find(data.value(QLatin1String("output_index")).toInt()); call != m_calls.end()) {
                if (call->second.custom) {
                    const QString input = data.value(QLatin1String("item")).toObject().value(QLatin1String("input")).toString(call->second.input);
                    toolArguments(out, call->second.index, compactJson({{QStringLiteral("input"), input}}));
                } else {
                    // Arguments given only whole, on the finished item (no deltas): those.
                    if (const QString arguments = data.value(QLatin1String("item")).toObject().value(QLatin1String("arguments")).toString(); !arguments.isEmpty())
                        toolArgumentsIfNone(out, call->second.index, arguments);
                    endToolCall(out, call->second.index);
                }
            }
        } else if (type == QLatin1String("response.completed") || type == QLatin1String("response.incomplete")) {
            const QJsonObject usage = data.value(QLatin1String("response")).toObject().value(QLatin1String("usage")).toObject();
            m_usage.input = usage.value(QLatin1String("input_tokens")).toInteger(-1);
            m_usage.output = usage.value(QLatin1String("output_tokens")).toInteger(-1);
            m_stop = type == QLatin1String("response.incomplete") ? incompleteStop(data.value(QLatin1String("response")).toObject())
                     : m_toolCalls > 0                            ? StopReason::ToolCalls
                                                                  : StopReason::Stop;
            endOfAnswer(out);
        } else if (type == QLatin1String("response.failed") || type == QLatin1String("error")) {
            const QJsonObject e = type == QLatin1String("error") ? (data.value(QLatin1String("error")).isObject() ? data.value(QLatin1String("error")).toObject() : data)
                                                                 : data.value(QLatin1String("response")).toObject().value(QLatin1String("error")).toObject();
            *error = makeError(ErrorKind::BadGateway, e.value(QLatin1String("message")).toString(QStringLiteral("the backend's response failed")),
                               "stream_error");
            return false;
        }
        return true;
    }

    struct Call {
        int index;
        bool custom;
        QString input;
    };
    std::map<int, Call> m_calls; // by output_index
};

} // namespace

std::unique_ptr<StreamEncoder> makeEncoder(const ClientContext &client)
{
    return std::make_unique<Encoder>(client);
}

std::unique_ptr<StreamDecoder> makeDecoder()
{
    return std::make_unique<Decoder>();
}

} // namespace sy::protocol::responses
