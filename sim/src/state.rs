//! The simulator's one shared state: the simulated world behind a lock, the fault queue and
//! the rate limiter.

use std::sync::{Arc, Mutex, MutexGuard};

use chrono::{DateTime, Duration, Utc};

use crate::api::faults::Faults;
use crate::api::rate_limit::RateLimiter;
use crate::api::script::Script;
use crate::cli::Args;
use crate::clock::Clock;
use crate::data::booper::{self, BooperPlan};
use crate::data::generate::Generator;
use crate::data::store::Store;

/// At most this many jobs arrive in one catch-up, however long the simulator sat idle.
const MAX_ARRIVALS_PER_SYNC: usize = 10_000;

#[derive(Clone)]
pub struct AppState(Arc<Shared>);

pub struct Shared {
    pub args: Args,
    world: Mutex<World>,
    pub faults: Mutex<Faults>,
    pub limiter: Mutex<RateLimiter>,
    /// Scripted answers and the request log (control API only).
    pub script: Mutex<Script>,
}

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

impl AppState {
    pub fn new(args: Args) -> Self {
        let world = World::new(&args);
        let faults = Faults::new(args.fault_rate, args.seed);
        let limiter = RateLimiter::new(args.rate_limit);
        Self(Arc::new(Shared {
            args,
            world: Mutex::new(world),
            faults: Mutex::new(faults),
            limiter: Mutex::new(limiter),
            script: Mutex::new(Script::default()),
        }))
    }

    /// The world, caught up with the clock.
    pub fn world(&self) -> MutexGuard<'_, World> {
        // A panic while holding the lock leaves consistent data: keep serving.
        let mut world = self
            .world
            .lock()
            .unwrap_or_else(|poison| poison.into_inner());
        world.sync();
        world
    }

    /// Back to the state at start: same seed, same data, clock at the start time, no queued
    /// faults, an empty rate-limit window, no scripted answers and an empty request log.
    pub fn reset(&self) {
        let fresh = World::new(&self.args);
        *lock(&self.world) = fresh;
        *lock(&self.faults) = Faults::new(self.args.fault_rate, self.args.seed);
        *lock(&self.limiter) = RateLimiter::new(self.args.rate_limit);
        *lock(&self.script) = Script::default();
    }
}

/// Locks a mutex of the shared state. A handler that panicked while holding it left the data
/// consistent (every update is a single step), so the simulator keeps serving.
pub fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|poison| poison.into_inner())
}

/// Jobs of both APIs and the clock they live by.
pub struct World {
    pub clock: Clock,
    pub store: Store,
    pub booper: Vec<BooperPlan>,
    pub generator: Generator,
    arrival_rate: f64,
    arrival_debt: f64,
    synced: DateTime<Utc>,
}

impl World {
    pub fn new(args: &Args) -> Self {
        let start = args.start_time.unwrap_or_else(Utc::now);
        let mut generator = Generator::new(args.seed).with_error_bytes(args.error_bytes);
        let plans = generator.history(args.jobs, start);
        let booper_count = (args.jobs / 20).clamp(50, 2_000);
        let mut booper = booper::generate(generator.rng(), booper_count, start);
        booper.sort_by(|a, b| {
            b.inserted()
                .cmp(&a.inserted())
                .then_with(|| b.id().cmp(a.id()))
        });
        Self {
            clock: Clock::new(start, args.speed, args.frozen),
            store: Store::new(plans, start),
            booper,
            generator,
            arrival_rate: args.arrival_rate,
            arrival_debt: 0.0,
            synced: start,
        }
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.store.now()
    }

    /// Catches up with the clock: jobs that arrived since the last look (live only), then
    /// every job's state at the new now.
    pub fn sync(&mut self) {
        let now = self.clock.now();
        if now <= self.synced {
            return;
        }
        if !self.clock.is_frozen() {
            let elapsed = (now - self.synced).num_milliseconds() as f64 / 1000.0;
            self.arrival_debt += elapsed * self.arrival_rate;
            let arrivals = (self.arrival_debt.floor() as usize).min(MAX_ARRIVALS_PER_SYNC);
            self.arrival_debt -= self.arrival_debt.floor();
            let span = (now - self.synced).num_milliseconds().max(1);
            let mut times: Vec<i64> = (0..arrivals)
                .map(|_| self.generator.rng().i64(1..=span))
                .collect();
            times.sort_unstable();
            for offset in times {
                let at = self.synced + Duration::milliseconds(offset);
                self.store.advance(at);
                self.insert_new(at, None, false);
            }
        }
        self.synced = now;
        self.store.advance(now);
    }

    /// Moves the clock forward (control API) and catches up.
    pub fn advance(&mut self, by: Duration) {
        self.clock.advance(by);
        self.sync();
    }

    /// A new job created at `at` with the given id (which must be new).
    pub fn insert_with_id(
        &mut self,
        at: DateTime<Utc>,
        job_type: Option<jobscope_wire::scripe::JobType>,
        id: String,
    ) -> jobscope_wire::scripe::Job {
        let mut plan = self.generator.arrival_that_runs(at, job_type);
        plan.id = id;
        self.store.insert(plan)
    }

    /// A new job created at `at` with a fresh id: a live arrival, or (`for_test`) one the
    /// control API inserts, which the simulation never cancels itself.
    pub fn insert_new(
        &mut self,
        at: DateTime<Utc>,
        job_type: Option<jobscope_wire::scripe::JobType>,
        for_test: bool,
    ) -> jobscope_wire::scripe::Job {
        let mut plan = if for_test {
            self.generator.arrival_that_runs(at, job_type)
        } else {
            self.generator.arrival(at, job_type)
        };
        while self.store.contains(&plan.id) {
            plan.id = self.generator.id();
        }
        self.store.insert(plan)
    }
}
