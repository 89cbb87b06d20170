#include "store/config.h"

namespace sy::config {

QByteArray defaultConfigText()
{
    return R"({
  "version": 1,
  "server": { "host": "127.0.0.1", "port": 6103 },
  "backends": [
    { "id": "local", "protocol": "openai", "managed": true },
    { "id": "ollama", "protocol": "ollama", "baseUrl": "http://127.0.0.1:11434", "prefix": "local/" }
  ],
  "models": [],
  "agents": {},
  "pools": {},
  "modes": {},
  "fallback": { "maxAttempts": 3, "timeoutS": 120, "failThreshold": 3, "cooldownS": 60 },
  "pool": { "portRange": [8051, 8099], "defaultTtlS": 300, "memoryBudgetMiB": 0 }
}
)";
}

} // namespace sy::config
