// The one-pass OpenAI request scanner (simdjson on-demand), for each endpoint; a body it
// accepts must also be accepted by the full JSON validator, and the model's byte range
// must lie inside the body. A request with stripped fields (models[].stripParams) must
// still be one.

#include "protocol/openai/requestscan.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    using namespace sy::protocol::openai;
    const QByteArray body = padForScan(QByteArray(reinterpret_cast<const char *>(data), qsizetype(size)));
    for (Endpoint endpoint : {Endpoint::ChatCompletions, Endpoint::Completions, Endpoint::Embeddings, Endpoint::Rerank}) {
        const RequestScan scan = scanRequest(body, endpoint);
        if (!scan.ok)
            continue;
        if (!isValidJson(body))
            std::abort(); // the scan accepted what the validator refuses
        if (scan.modelOffset >= 0 && scan.modelOffset + scan.modelLength > body.size())
            std::abort();
        (void)scan.hasKey("temperature");
        const QByteArray stripped = withoutTopLevelFields(body, {"temperature", "top_k", "stop"});
        const RequestScan again = scanRequest(stripped, endpoint);
        // (Not hasKey: the scan's key list is NUL-separated, so a key "stop\u0000" reads as "stop".)
        if (!again.ok || again.model != scan.model || again.messageCount != scan.messageCount)
            std::abort();
    }
    qint64 in = 0, out = 0;
    readUsage(body, &in, &out);
    return 0;
}
