#pragma once
// An editable model-name box filled with what a client's model picker would offer
// (/v1/models: ids, aliases, auto, agent:…, role:…, mode:…), keeping what was typed;
// "auto" when nothing was. Safe if the box is gone before the answer comes.

class QComboBox;

namespace sy::ui {

class CoreLink;

void fillWithModelNames(CoreLink *link, QComboBox *box);

} // namespace sy::ui
