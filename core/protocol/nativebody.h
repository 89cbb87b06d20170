#pragma once
// A backend that speaks the client's own protocol gets the client's request as sent, not
// one rendered from the canonical form: that form has no place for what only one protocol
// knows (Anthropic's thinking blocks with their signatures, cache_control, documents and
// server tools; Gemini's thoughtSignature and thinkingConfig), and a client of that
// protocol relies on them reaching its backend.

#include "protocol/canonical.h"

namespace sy::protocol {

// Whether a request from `client` goes to a backend of protocol `wire` as the client's own
// body (nativeBody) rather than rendered from the canonical form. OpenAI clients have their
// own byte-for-byte path (routing/attemptbuilder.h); a Responses client's conversation is
// kept by Switchyard, so its backend needs the rendered request.
bool sendsNativeBody(Protocol client, Protocol wire);

// The client's body (`request.original`) with the backend's model name and `configured`
// (defaults from the config for parameters the client did not set) filled in, in the
// protocol's own words, and without the parameters `stripped` names (OpenAI's names).
// Everything else is as the client sent it (re-serialised).
QByteArray nativeBody(const Request &request, const Params &configured, const QString &upstreamModel, const QStringList &stripped = {});

} // namespace sy::protocol
