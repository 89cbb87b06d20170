#pragma once

namespace sy::pool {

// cold -> starting -> hot <-> busy -> unloading -> cold; failed (with restart back-off).
enum class ModelState { Cold, Starting, Hot, Busy, Unloading, Failed };

inline const char *stateName(ModelState state)
{
    switch (state) {
    case ModelState::Cold: return "cold";
    case ModelState::Starting: return "starting";
    case ModelState::Hot: return "hot";
    case ModelState::Busy: return "busy";
    case ModelState::Unloading: return "unloading";
    case ModelState::Failed: return "failed";
    }
    return "cold";
}

} // namespace sy::pool
