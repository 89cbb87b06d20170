// switchyard: the router core on its own thread, with the control center window or headless.

#include "cli.h"
#include "commands/commands.h"
#include "corehost.h"
#include "pool/childprocess.h"
#include "runninginstance.h"
#include "util/log.h"
#include "util/paths.h"
#include "util/unixsignals.h"

#ifdef SWITCHYARD_HAVE_UI
#include "client/session.h"
#include "mainwindow.h"
#include "tour/screenshottour.h"
#include "translation.h"
#include <QApplication>
#endif

#ifdef SWITCHYARD_HAVE_MIMALLOC
#include <mimalloc.h>
#endif

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTimer>
#include <cstdio>
#include <sys/stat.h>
#include <memory>

int main(int argc, char *argv[])
{
    // `switchyard ps`, `switchyard load MODEL`, ...: a client of a running Switchyard.
    if (argc > 1 && sy::app::commands::isCommand(argv[1]))
        return sy::app::commands::run(argc, argv);

    QElapsedTimer sinceStart;
    sinceStart.start();
    sy::raiseFileDescriptorLimit();
    // Everything Switchyard writes (config, token, logs, history) is its user's alone; model
    // servers get the umask the user had.
    sy::pool::ChildProcess::setChildUmask(::umask(077));
    const bool headless = sy::app::wantsHeadless(argc, argv);
    std::unique_ptr<QCoreApplication> app;
#ifdef SWITCHYARD_HAVE_UI
    if (!headless) {
        app = std::make_unique<QApplication>(argc, argv);
        // The installed .desktop entry's name: window managers match the window to its icon.
        QGuiApplication::setDesktopFileName(QStringLiteral("org.switchyard.Switchyard"));
    }
#endif
    if (!app)
        app = std::make_unique<QCoreApplication>(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("switchyard"));
    QCoreApplication::setOrganizationName(QStringLiteral("switchyard"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SWITCHYARD_VERSION));

    const auto options = sy::app::parseCommandLine(QCoreApplication::arguments(), headless);
    if (!options)
        return 2;
    sy::log::Options logOptions;
    logOptions.level = *sy::log::parseLevel(options->logLevel);
    logOptions.filePath = sy::paths::defaultLogFile();
    sy::log::init(logOptions);
#ifdef SWITCHYARD_HAVE_MIMALLOC
    // Also what keeps the link to mimalloc: nothing else names it, it replaces malloc.
    sy::log::get("core")->debug("memory allocator: mimalloc {}", mi_version());
#endif

    // Before anything can announce itself: a SIGTERM right after must stop us in order.
    sy::UnixSignals signals;
    QObject::connect(&signals, &sy::UnixSignals::terminationRequested, app.get(), [] { QCoreApplication::quit(); });

    // With --attach the window watches a core elsewhere, and it opens on one that already
    // serves where ours would listen (a user service, say); otherwise we run one.
    QString attachUrl = options->attachUrl;
    QByteArray attachToken;
#ifdef SWITCHYARD_HAVE_UI
    if (!headless && attachUrl.isEmpty() && options->screenshotDir.isEmpty()) {
        if (const auto running = sy::app::findRunningInstance(options->core)) {
            attachUrl = running->url.toString();
            attachToken = running->token;
            std::printf("Switchyard is already running at %s: the window opens on it\n", qPrintable(attachUrl));
            std::fflush(stdout);
        }
    }
    if (!attachUrl.isEmpty() && attachToken.isEmpty())
        attachToken = sy::app::attachToken(options->core.configPath);
#endif
    std::unique_ptr<sy::CoreHost> core;
    if (attachUrl.isEmpty()) {
        core = std::make_unique<sy::CoreHost>(options->core);
        QString error;
        if (!core->start(&error)) {
            std::fprintf(stderr, "switchyard: %s\n", qPrintable(error));
            sy::log::shutdown();
            return 1;
        }
        std::printf("Switchyard %s listening on %s (OpenAI base URL %s/v1)\n", SWITCHYARD_VERSION,
                    qPrintable(core->endpoint().toString()), qPrintable(core->endpoint().toString()));
        std::fflush(stdout);
    }

#ifdef SWITCHYARD_HAVE_UI
    std::unique_ptr<sy::ui::Session> session;
    std::unique_ptr<sy::ui::MainWindow> window;
    std::unique_ptr<sy::ui::ScreenshotTour> tour;
    if (!headless) {
        sy::ui::installTranslation(options->language);
        session = std::make_unique<sy::ui::Session>();
        window = std::make_unique<sy::ui::MainWindow>(session.get());
        if (core) {
            window->setLocalCore(core->endpoint(), core->adminToken());
            session->attach(core->endpoint(), core->adminToken());
        } else {
            session->attach(QUrl(attachUrl), attachToken);
        }
        window->show();
        // After the first paint: what bench/gui-footprint.sh reports as "window".
        QTimer::singleShot(0, window.get(), [&sinceStart] { sy::log::get("ui")->info("window shown {} ms after start", sinceStart.elapsed()); });
        if (!options->screenshotDir.isEmpty()) {
            tour = std::make_unique<sy::ui::ScreenshotTour>(window.get(), session.get(), options->screenshotDir);
            tour->start();
        }
    }
#endif
    const int rc = app->exec();
#ifdef SWITCHYARD_HAVE_UI
    tour.reset();
    window.reset();
    session.reset();
#endif
    if (core)
        core->stop();
    sy::log::shutdown();
    return rc;
}
