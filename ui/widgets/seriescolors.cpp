#include "widgets/seriescolors.h"

#include <array>

namespace sy::ui {

QColor SeriesColors::colorFor(const QString &key)
{
    // Distinct on light and dark backgrounds (Tableau 10).
    static constexpr std::array<QRgb, 10> kPalette{0x4e79a7, 0xf28e2b, 0x59a14f, 0xe15759, 0x76b7b2,
                                                   0xedc948, 0xb07aa1, 0xff9da7, 0x9c755f, 0xbab0ac};
    auto it = m_assigned.find(key);
    if (it == m_assigned.end())
        it = m_assigned.insert(key, int(m_assigned.size()));
    const QColor base(kPalette[std::size_t(*it) % kPalette.size()]);
    // Past ten models the palette repeats, a shade darker each round.
    return base.darker(100 + 25 * (*it / int(kPalette.size())));
}

} // namespace sy::ui
