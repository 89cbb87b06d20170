#include "widgets/modelnamebox.h"

#include "client/corelink.h"

#include <QComboBox>
#include <QPointer>

namespace sy::ui {

void fillWithModelNames(CoreLink *link, QComboBox *box)
{
    link->listModelNames([box = QPointer<QComboBox>(box)](const QStringList &names) {
        if (!box)
            return;
        const QString current = box->currentText();
        box->clear();
        box->addItems(names);
        box->setCurrentText(current.isEmpty() ? QStringLiteral("auto") : current);
    });
}

} // namespace sy::ui
