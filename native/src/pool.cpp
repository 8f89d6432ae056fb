#include "pool.hpp"

#include <chrono>

namespace zkml {

Pool::Pool(unsigned threads) {
    if (threads == 0) threads = 1;
    workers_.reserve(threads);
    for (unsigned i = 0; i < threads; i++) workers_.emplace_back([this] { work(); });
}

Pool::~Pool() {
    {
        std::lock_guard<std::mutex> g(m_);
        stop_ = true;
    }
    start_cv_.notify_all();
    for (auto& t : workers_) t.join();
}

Pool& Pool::shared() {
    static Pool pool(std::thread::hardware_concurrency());
    return pool;
}

void Pool::work() {
    std::uint64_t seen = 0;
    for (;;) {
        const std::function<void(std::size_t)>* fn;
        Control* ctl;
        std::size_t n;
        {
            std::unique_lock<std::mutex> l(m_);
            start_cv_.wait(l, [&] { return stop_ || generation_ != seen; });
            if (stop_) return;
            seen = generation_;
            fn = fn_;
            ctl = ctl_;
            n = n_;
        }
        for (;;) {
            std::size_t i = next_.fetch_add(1);
            if (i >= n || ctl->stopped()) break;
            try {
                (*fn)(i);
            } catch (...) {
                std::lock_guard<std::mutex> g(m_);
                if (!error_) error_ = std::current_exception();
                ctl->cancelled.store(true);
            }
        }
        {
            std::lock_guard<std::mutex> g(m_);
            if (--active_ == 0) done_cv_.notify_all();
        }
    }
}

void Pool::run(std::size_t n, const std::function<void(std::size_t)>& fn, Control& ctl) {
    ctl.check();
    if (n == 0) return;
    std::lock_guard<std::mutex> serial(run_mutex_);
    std::exception_ptr error;
    {
        std::unique_lock<std::mutex> l(m_);
        fn_ = &fn;
        ctl_ = &ctl;
        n_ = n;
        next_.store(0);
        error_ = nullptr;
        active_ = size();
        generation_++;
        start_cv_.notify_all();
        while (active_ != 0) {
            if (done_cv_.wait_for(l, std::chrono::milliseconds(50)) == std::cv_status::timeout) {
                l.unlock();
                ctl.poll();
                l.lock();
            }
        }
        error = error_;
        error_ = nullptr;
    }
    if (error) std::rethrow_exception(error);
    ctl.check();
}

}  // namespace zkml
