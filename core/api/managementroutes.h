#pragma once
// The token-protected management endpoints under /api/v1 (and the plain-HTTP answer on /ws).

#include <QByteArray>

namespace sy::api {

class Dispatcher;
class ModelsController;

void registerManagementRoutes(Dispatcher &dispatcher, ModelsController &models, const QByteArray &token);

} // namespace sy::api
