#pragma once
// Reading each section of the config document into its value type, key by key; every
// problem goes to the reader with its key path. Used by config::parse().

#include "store/configreader.h"

namespace sy::config {

// Every section of `document` into `c` (cross-references are checked separately).
void readSections(ConfigReader &r, const QJsonObject &document, Config &c);

} // namespace sy::config
