#pragma once
// One colour per model across every chart: the first model seen gets the first colour of
// the palette, and keeps it for the rest of the session, whatever else comes and goes.

#include <QColor>
#include <QHash>
#include <QString>

namespace sy::ui {

class SeriesColors {
public:
    QColor colorFor(const QString &key);

private:
    QHash<QString, int> m_assigned;
};

} // namespace sy::ui
