// A fixed pool of worker threads that runs one parallel loop at a time, and the control block of a running
// computation (cancel flag, progress ticks on the calling thread). No arithmetic here: compiled once.
#pragma once
#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

namespace zkml {

/** Thrown when a computation stops because its cancel flag was set. */
struct Cancelled : std::runtime_error {
    Cancelled() : std::runtime_error("cancelled") {}
};

class Pool;

/**
 * What a running computation polls and reports to. Workers call stopped() between small units of work; the
 * calling thread, while it waits for the workers, calls tick every ~50 ms (a false return cancels).
 */
struct Control {
    Pool* pool = nullptr;
    const volatile std::int32_t* cancel_flag = nullptr;
    std::function<bool()> tick;
    std::atomic<bool> cancelled{false};

    bool stopped() {
        if (cancelled.load(std::memory_order_relaxed)) return true;
        if (cancel_flag != nullptr && *cancel_flag != 0) {
            cancelled.store(true);
            return true;
        }
        return false;
    }
    void check() {
        if (stopped()) throw Cancelled();
    }
    /** Called by the waiting thread: the tick callback, whose false return sets the cancel state. */
    void poll() {
        if (tick && !tick()) cancelled.store(true);
        stopped();
    }
};

/**
 * The progress of a computation in weighted stages: a stage's own fraction is done/units (workers count units
 * into `done`); report() calls the listener with the fraction of the whole on the calling thread.
 */
struct Progress {
    std::function<bool(const char*, double)> listener;  // false cancels
    const char* stage = "";
    double before = 0, weight = 0, total = 1;
    std::atomic<std::size_t> done{0};
    std::size_t units = 1;
    // ZKML_TRACE=1 in the environment: each stage's wall time and the CPU time of the whole process (all threads:
    // on a machine shared with other work it says more) on standard error
    const bool tracing = std::getenv("ZKML_TRACE") != nullptr;
    std::chrono::steady_clock::time_point stage_start = std::chrono::steady_clock::now();
    std::clock_t stage_cpu = std::clock();

    void trace(const char* next) {
        if (!tracing) return;
        auto now = std::chrono::steady_clock::now();
        std::clock_t cpu = std::clock();
        if (*stage)
            std::fprintf(stderr, "zkml-native: %-7s %8.1f ms wall %8.1f ms CPU\n", stage,
                         std::chrono::duration<double, std::milli>(now - stage_start).count(),
                         1000.0 * double(cpu - stage_cpu) / CLOCKS_PER_SEC);
        stage_start = now;
        stage_cpu = cpu;
        (void)next;
    }

    double fraction() const {
        double f = units == 0 ? 1.0 : std::min(1.0, double(done.load()) / double(units));
        return std::min(1.0, (before + weight * f) / total);
    }
    bool report() { return !listener || listener(stage, fraction()); }
    /** Ends the current stage and starts the next; false if the listener asks to cancel. */
    bool start(const char* name, double w, std::size_t n_units) {
        trace(name);
        before += weight;
        weight = w;
        stage = name;
        units = n_units;
        done.store(0);
        return report();
    }
    /** The last report: the whole computation done. */
    void finish(const char* name) {
        trace(name);
        stage = name;
        before = total;
        weight = 0;
        report();
    }
};

class Pool {
public:
    explicit Pool(unsigned threads);
    ~Pool();
    Pool(const Pool&) = delete;
    Pool& operator=(const Pool&) = delete;

    unsigned size() const { return static_cast<unsigned>(workers_.size()); }

    /**
     * fn(i) for every i in [0, n) on the workers; the calling thread waits, polling ctl. Ends early (throwing
     * Cancelled) once ctl is cancelled; rethrows the first exception of a task. One loop at a time per pool.
     */
    void run(std::size_t n, const std::function<void(std::size_t)>& fn, Control& ctl);

    /** A pool with one thread per hardware thread, for the standalone entry points. */
    static Pool& shared();

private:
    void work();

    std::vector<std::thread> workers_;
    std::mutex run_mutex_;  // one loop at a time
    std::mutex m_;
    std::condition_variable start_cv_, done_cv_;
    std::uint64_t generation_ = 0;
    bool stop_ = false;
    const std::function<void(std::size_t)>* fn_ = nullptr;
    Control* ctl_ = nullptr;
    std::size_t n_ = 0;
    std::atomic<std::size_t> next_{0};
    unsigned active_ = 0;
    std::exception_ptr error_;
};

}  // namespace zkml
