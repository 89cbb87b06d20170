#pragma once
// The window's language: English (the source strings) or German, following the system
// locale unless the operator chose one (View > Language, or --language).

#include <QString>

namespace sy::ui {

// Installs the translators for `override` ("en", "de"), else the saved choice, else the
// system locale. Returns the language in use.
QString installTranslation(const QString &override = {});

} // namespace sy::ui
