#include "record/trigger.h"

namespace sy::record {

QByteArray triggerName(Trigger trigger, int httpStatus)
{
    switch (trigger) {
    case Trigger::None: return {};
    case Trigger::ConnectFailed: return "connect_failed";
    case Trigger::ConnectTimeout: return "connect_timeout";
    case Trigger::Tls: return "tls";
    case Trigger::FirstByteTimeout: return "first_byte_timeout";
    case Trigger::IdleTimeout: return "idle_timeout";
    case Trigger::TotalTimeout: return "total_timeout";
    case Trigger::ConnectionLost: return "connection_lost";
    case Trigger::BadResponse: return "bad_response";
    case Trigger::HttpStatus: return "http_" + QByteArray::number(httpStatus);
    case Trigger::EmptyResponse: return "empty_response";
    case Trigger::UnparseableResponse: return "unparseable_response";
    case Trigger::Validator: return "validator";
    case Trigger::StreamError: return "stream_error";
    case Trigger::LoadFailed: return "load_failed";
    case Trigger::QueueFull: return "queue_full";
    case Trigger::QueueTimeout: return "queue_timeout";
    case Trigger::NotManaged: return "not_managed";
    case Trigger::ModelRemoved: return "model_removed";
    case Trigger::ModelUnloaded: return "model_unloaded";
    case Trigger::GroupPinned: return "group_pinned";
    case Trigger::ShuttingDown: return "shutting_down";
    case Trigger::Unsupported: return "unsupported";
    case Trigger::Cancelled: return "cancelled";
    case Trigger::ClientGone: return "client_gone";
    case Trigger::Abandoned: return "abandoned";
    }
    return "unknown";
}

TriggerClass triggerClass(Trigger trigger, int httpStatus)
{
    switch (trigger) {
    case Trigger::ConnectFailed:
    case Trigger::ConnectTimeout:
    case Trigger::Tls: return TriggerClass::Connect;
    case Trigger::FirstByteTimeout:
    case Trigger::IdleTimeout:
    case Trigger::TotalTimeout: return TriggerClass::Timeout;
    case Trigger::ConnectionLost:
    case Trigger::BadResponse: return TriggerClass::Reset;
    case Trigger::HttpStatus: return httpStatus == 429 ? TriggerClass::Http429 : TriggerClass::Http5xx;
    case Trigger::EmptyResponse:
    case Trigger::UnparseableResponse:
    case Trigger::StreamError: return TriggerClass::InvalidResponse;
    case Trigger::Validator: return TriggerClass::Validator;
    case Trigger::LoadFailed:
    case Trigger::QueueFull:
    case Trigger::QueueTimeout:
    case Trigger::NotManaged:
    case Trigger::ModelRemoved:
    case Trigger::ModelUnloaded:
    case Trigger::GroupPinned:
    case Trigger::ShuttingDown: return TriggerClass::Load;
    case Trigger::Unsupported: return TriggerClass::Always;
    case Trigger::None:
    case Trigger::Cancelled:
    case Trigger::ClientGone:
    case Trigger::Abandoned: return TriggerClass::Never;
    }
    return TriggerClass::Never;
}

std::optional<TriggerClass> retryClassFromName(QByteArrayView name)
{
    static constexpr std::pair<const char *, TriggerClass> kNames[] = {
        {"connect", TriggerClass::Connect},         {"timeout", TriggerClass::Timeout},   {"reset", TriggerClass::Reset},
        {"http_429", TriggerClass::Http429},        {"http_5xx", TriggerClass::Http5xx},  {"invalid_response", TriggerClass::InvalidResponse},
        {"validator", TriggerClass::Validator},     {"load", TriggerClass::Load},
    };
    for (const auto &[text, cls] : kNames) {
        if (name == text)
            return cls;
    }
    return std::nullopt;
}

const char *retryClassNames()
{
    return "connect, timeout, reset, http_429, http_5xx, invalid_response, validator, load";
}

} // namespace sy::record
