#include "protocol/transcoder.h"

#include "protocol/gemini/geminicodec.h"
#include "protocol/nativebody.h"

#include <algorithm>

namespace sy::protocol {

Transcoder::Transcoder(Protocol backend, Client client)
    : m_backend(backend), m_client(std::move(client)), m_startedNs(steadyNowNs()),
      m_forward(m_client.passThrough && sendsNativeBody(m_client.protocol, backend) &&
                !m_client.geminiArray) // a Gemini array client asked for another framing
{
    const Protocol p = m_client.protocol;
    if (!m_forward && (p == Protocol::Anthropic || p == Protocol::Gemini || p == Protocol::Responses))
        m_toolCallOrder.emplace();
    if (!m_forward && backend == Protocol::Anthropic && m_client.request && wantsJsonAnswerTool(*m_client.request))
        m_jsonAnswer.emplace();
}

bool Transcoder::convertWhole(const QByteArray &upstream, QByteArray *client, Response *response, QString *error)
{
    if (!codecFor(m_backend).decodeResponse(upstream, *response, error))
        return false;
    if (m_jsonAnswer)
        unwrapJsonAnswer(*response);
    m_usage = response->usage;
    *client = m_forward ? upstream : codecFor(m_client.protocol).encodeResponse(*response, {m_client.flavor, m_client.request, m_startedNs});
    m_whole = *client;
    return true;
}

bool Transcoder::convertChunk(QByteArrayView upstream, QByteArray &client, ApiError *error)
{
    if (!m_decoder) {
        m_decoder = codecFor(m_backend).makeDecoder();
        m_encoder = m_client.geminiArray ? gemini::makeArrayEncoder()
                                         : codecFor(m_client.protocol).makeEncoder({m_client.flavor, m_client.request, m_startedNs});
    }
    Events events;
    const bool ok = m_decoder->feed(upstream, events, error);
    encode(events, client);
    if (m_forward) {
        m_partial.append(upstream);
        // The backend's error before any answer: held back, so that the next candidate can
        // still be tried (or the caller ends the stream with the error in its own words).
        if (!ok && !m_forwardedAny && m_streamedPieces == 0)
            m_partial.clear();
        else
            forwardEvents(client);
        if (!ok) // the caller ends the stream now: with the backend's error event if it went whole
            m_errorForwarded = m_forwardedAny && m_partial.isEmpty();
    }
    return ok;
}

void Transcoder::forwardEvents(QByteArray &client)
{
    // Where the decoder found the events end: the client gets exactly the events it read.
    const qsizetype end = m_partial.size() - std::min(m_partial.size(), m_decoder->unconsumedBytes());
    if (end == 0)
        return;
    client.append(m_partial.first(end));
    m_partial.remove(0, end);
    m_forwardedAny = true;
}

bool Transcoder::finishStream(QByteArray &client, ApiError *error)
{
    if (!m_decoder) {
        ApiError ignored;
        convertChunk({}, client, &ignored); // creates the decoder and encoder
    }
    Events events;
    const bool complete = m_decoder->finish(events, error) && m_decoder->complete();
    if (!complete)
        std::erase_if(events, [](const StreamEvent &e) { return e.type == StreamEvent::Type::Finish; });
    encode(events, client);
    if (m_forward) {
        // The last event without its blank line (the decoder read it at the end): ended for
        // the client, whose parser would otherwise call it cut off. A cut-off stream's
        // unfinished event is not passed on half.
        if (complete && !m_partial.trimmed().isEmpty())
            client.append(m_partial + (m_partial.endsWith('\n') ? "\n" : "\n\n"));
        m_partial.clear();
    }
    return complete;
}

void Transcoder::streamError(const ApiError &error, QByteArray &client)
{
    if (m_encoder && !m_errorForwarded)
        m_encoder->error(error, client);
}

QByteArray Transcoder::clientResponse() const
{
    if (!m_whole.isEmpty())
        return m_whole;
    return m_encoder && m_finished ? m_encoder->finalResponse() : QByteArray();
}

QByteArray Transcoder::errorBody(const ApiError &error) const
{
    return renderError(m_client.protocol, error);
}

QByteArray Transcoder::contentType(bool stream) const
{
    if (!stream)
        return QByteArrayLiteral("application/json");
    if (m_client.geminiArray)
        return QByteArrayLiteral("application/json");
    return m_client.protocol == Protocol::Ollama ? QByteArrayLiteral("application/x-ndjson") : QByteArrayLiteral("text/event-stream");
}

void Transcoder::encode(const Events &events, QByteArray &client)
{
    Events unwrapped;
    if (m_jsonAnswer) {
        for (const StreamEvent &e : events)
            m_jsonAnswer->pass(e, unwrapped);
    }
    const Events &in = m_jsonAnswer ? unwrapped : events;
    if (!m_toolCallOrder) {
        encodeInOrder(in, client);
        return;
    }
    Events ordered;
    for (const StreamEvent &e : in)
        m_toolCallOrder->pass(e, ordered);
    encodeInOrder(ordered, client);
}

void Transcoder::encodeInOrder(const Events &events, QByteArray &client)
{
    for (const StreamEvent &e : events) {
        if (e.usage.input >= 0)
            m_usage.input = e.usage.input;
        if (e.usage.output >= 0)
            m_usage.output = e.usage.output;
        if (m_finished)
            continue; // nothing after the end
        if ((e.type == StreamEvent::Type::Text || e.type == StreamEvent::Type::ToolCallArgs) && !e.text.isEmpty())
            ++m_streamedPieces;
        StreamEvent out = e;
        if (e.type == StreamEvent::Type::Finish) {
            out.usage = m_usage;
            m_finished = true;
        }
        if (!m_forward)
            m_encoder->encode(out, client);
    }
}

} // namespace sy::protocol
