#include "pool/groupreaper.h"

#include "util/log.h"

#include <csignal>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

namespace sy::pool {
namespace {

auto &lg()
{
    static auto l = sy::log::get("pool");
    return *l;
}

// Lines "+PGID" / "-PGID" on stdin; at EOF, the groups left are stopped.
constexpr const char *kWatcher = R"(trap '' INT TERM HUP QUIT PIPE
groups=' '
while IFS= read -r line; do
  case "$line" in
    +*) groups="$groups${line#+} " ;;
    -*) groups=$(printf '%s' "$groups" | sed "s/ ${line#-} / /") ;;
  esac
done
[ "$groups" = ' ' ] && exit 0
for g in $groups; do kill -s TERM -- "-$g" 2>/dev/null; done
sleep 2
for g in $groups; do kill -s KILL -- "-$g" 2>/dev/null; done
exit 0)";

} // namespace

GroupReaper::~GroupReaper()
{
    if (m_pipe < 0)
        return;
    ::close(m_pipe);
    // Normally every group has ended by now and the watcher exits at once: collect it.
    for (int i = 0; i < 20 && ::waitpid(m_watcher, nullptr, WNOHANG) == 0; ++i)
        ::usleep(5000);
}

bool GroupReaper::ensureWatcher()
{
    if (m_pipe >= 0)
        return true;
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0)
        return false;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[0], STDIN_FILENO); // dup2 clears close-on-exec
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    sigset_t none, all;
    sigemptyset(&none);
    sigfillset(&all);
    posix_spawnattr_setsigmask(&attributes, &none);
    posix_spawnattr_setsigdefault(&attributes, &all);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    char *argv[] = {const_cast<char *>("switchyard-reaper"), const_cast<char *>("-c"), const_cast<char *>(kWatcher), nullptr};
    const int rc = ::posix_spawn(&m_watcher, "/bin/sh", &actions, &attributes, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
    ::close(fds[0]);
    if (rc != 0) {
        ::close(fds[1]);
        lg().warn("cannot start the process-group watcher (/bin/sh): {}; model servers started through a wrapper may outlive a "
                  "killed Switchyard", std::strerror(rc));
        return false;
    }
    m_pipe = fds[1];
    return true;
}

void GroupReaper::send(const QByteArray &line)
{
    if (m_pipe >= 0)
        [[maybe_unused]] const ssize_t n = ::write(m_pipe, line.constData(), std::size_t(line.size()));
}

void GroupReaper::groupStarted(pid_t group)
{
    if (group > 0 && ensureWatcher())
        send('+' + QByteArray::number(group) + '\n');
}

void GroupReaper::groupEnded(pid_t group)
{
    if (group > 0)
        send('-' + QByteArray::number(group) + '\n');
}

} // namespace sy::pool
