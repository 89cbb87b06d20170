#include "protocol/transcoder.h"

#include "protocol/gemini/geminicodec.h"

namespace sy::protocol {

Transcoder::Transcoder(Protocol backend, Client client) : m_backend(backend), m_client(std::move(client)), m_startedNs(steadyNowNs()) {}

bool Transcoder::convertWhole(const QByteArray &upstream, QByteArray *client, Response *response, QString *error)
{
    if (!codecFor(m_backend).decodeResponse(upstream, *response, error))
        return false;
    m_usage = response->usage;
    *client = codecFor(m_client.protocol).encodeResponse(*response, {m_client.flavor, m_client.request, m_startedNs});
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
    return ok;
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
    return complete;
}

void Transcoder::streamError(const ApiError &error, QByteArray &client)
{
    if (m_encoder)
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
        m_encoder->encode(out, client);
    }
}

} // namespace sy::protocol
