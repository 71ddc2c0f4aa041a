//! Use cases of the hotline: load, decide in the domain, persist the events in one transaction.
//! Permissions are decided here and in the domain, never in handlers.
#![forbid(unsafe_code)]

pub mod admin;
pub mod analyze;
pub mod attachments;
pub mod auth;
pub mod class_cases;
mod deadlines;
pub mod defaults;
pub mod demo;
mod error;
pub mod figures;
mod follow;
pub mod intake_record;
pub mod knowledge;
pub mod lexicon;
mod location;
pub mod masking;
mod merges;
pub mod places;
pub mod queues;
mod reference;
pub mod repeats;
pub mod routing;
pub mod scope;
mod seed;
pub mod table;
pub mod tickets;

use std::sync::{Arc, RwLock};

use chrono::{DateTime, Utc};
use hotline_domain::policy::Context;
use hotline_store::DynStore;

pub use error::ServiceError;
pub use reference::Reference;

pub type ServiceResult<T> = Result<T, ServiceError>;

/// The application: the store plus the reference data every decision needs, cached in memory.
#[derive(Clone)]
pub struct App {
    pub store: DynStore,
    reference: Arc<RwLock<Arc<Reference>>>,
    /// The knowledge base's search index, built at start and kept up to date by every write;
    /// none in an app started for a command (`Purpose::Command`).
    knowledge: Option<Arc<knowledge::ArticleIndex>>,
    clock: Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>,
    /// Near-duplicate index of recent tickets (see `repeats`).
    repeats: Arc<repeats::RepeatIndex>,
    /// The active routing model (see `routing`).
    routing: Arc<routing::RoutingState>,
    /// The scope rules (受理范围) in force, compiled (see `scope`).
    scope: Arc<RwLock<Arc<scope::ScopeState>>>,
    /// Recent intake analyses, for the create that follows (see `analyze`).
    analyses: Arc<intake_record::AnalysisCache>,
    /// Class cases computed in the last minutes (see `class_cases`).
    class_case_cache: Arc<class_cases::ClassCaseCache>,
    /// Colloquial → formal wording for the event element, in force (see `lexicon`).
    lexicon: Arc<RwLock<Arc<lexicon::LexiconState>>>,
    /// Held by an edit of the lexicon from reading it to saving it.
    lexicon_edits: Arc<tokio::sync::Mutex<()>>,
    /// Held while a routing model is trained from the history: one at a time (each takes a
    /// core and the tickets' memory for seconds to minutes).
    training: Arc<tokio::sync::Mutex<()>>,
    /// Held by a knowledge import from reading the articles to writing them, so the same file
    /// sent twice at once (a double click, a retry) is written once: the second finds the
    /// first's articles and leaves them.
    knowledge_imports: Arc<tokio::sync::Mutex<()>>,
    /// Held while the reference data is rebuilt and swapped, so a slower rebuild never
    /// installs data older than a faster one that started after it.
    reloading: Arc<tokio::sync::Mutex<()>>,
    /// The last shared-change stamp this server wrote or caught up with (see `follow`).
    applied_stamp: Arc<std::sync::Mutex<Option<String>>>,
    /// The knowledge import stamp as read before the search index was loaded (`follow`).
    import_stamp_at_start: Option<String>,
    /// Failed sign-ins by user name, to slow guessing (see `auth`).
    sign_in_failures: Arc<auth::SignInFailures>,
}

/// What a process opens the app for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// A server, a demo build or a benchmark: everything, the knowledge search index too.
    Serve,
    /// A command that reads or writes data and exits (adding a user, an import or export, the
    /// routing models): no knowledge search index, whose build reads and segments every
    /// article (13 s and 700 MB for 100,000). Servers on the database index what it writes
    /// (`follow`); searching, recommending and checking an article's title are refused, and
    /// no unit owns an article one may browse (`knowledge_owners` is empty).
    Command,
}

impl App {
    /// Migrate the store, seed the defaults an empty database needs, and load the reference data.
    pub async fn start(store: DynStore) -> ServiceResult<App> {
        App::start_for(store, Purpose::Serve).await
    }

    /// `start`, with what `purpose` needs.
    pub async fn start_for(store: DynStore, purpose: Purpose) -> ServiceResult<App> {
        store.migrate().await?;
        seed::seed_if_empty(&store).await?;
        // Read before what it stands for (see `follow`).
        let stamp = App::stored_stamp(&store).await?;
        let lexicon = lexicon::LexiconState::at_start(&store).await?;
        let reference = Reference::load(&store, &lexicon.lexicon).await?;
        // A server's import stamp is read before its index is loaded: an import committed
        // after it writes a newer one. A command keeps no index and follows nothing.
        let (import_stamp_at_start, knowledge) = match purpose {
            Purpose::Serve => {
                let stamp = store.setting(follow::IMPORT_STAMP).await?;
                (stamp, Some(knowledge::load_index(&store).await?))
            }
            Purpose::Command => (None, None),
        };
        let scope = scope::ScopeState::builtin()?;
        let app = App {
            store,
            reference: Arc::new(RwLock::new(Arc::new(reference))),
            knowledge,
            clock: Arc::new(Utc::now),
            repeats: Arc::default(),
            routing: Arc::default(),
            scope: Arc::new(RwLock::new(Arc::new(scope))),
            analyses: Arc::default(),
            class_case_cache: Arc::default(),
            lexicon: Arc::new(RwLock::new(Arc::new(lexicon))),
            lexicon_edits: Arc::default(),
            training: Arc::default(),
            knowledge_imports: Arc::default(),
            reloading: Arc::default(),
            applied_stamp: Arc::new(std::sync::Mutex::new(stamp)),
            import_stamp_at_start,
            sign_in_failures: Arc::default(),
        };
        // A model this build cannot read (an older file format) must not stop the hotline:
        // suggestions then come from the responsibility list until a model is trained again.
        app.load_scope_rules().await?;
        if let Err(e) = app.load_route_model().await {
            tracing::warn!(error = %e, "the active routing model cannot be used; train or activate another");
        }
        Ok(app)
    }

    /// Replace the clock (tests and the demo generator travel in time).
    pub fn with_clock(mut self, clock: impl Fn() -> DateTime<Utc> + Send + Sync + 'static) -> App {
        self.clock = Arc::new(clock);
        self
    }

    pub fn now(&self) -> DateTime<Utc> {
        (self.clock)()
    }

    /// The reference data as of now (a cheap snapshot).
    pub fn reference(&self) -> Arc<Reference> {
        match self.reference.read() {
            Ok(r) => r.clone(),
            Err(p) => p.into_inner().clone(),
        }
    }

    /// Reload the reference data after an admin change (saved already), and tell other servers
    /// on the database to read it again (`follow`).
    pub async fn reload(&self) -> ServiceResult<()> {
        self.rebuild_reference().await?;
        self.stamp_shared_change().await;
        Ok(())
    }

    /// Build the reference data from the store again and swap it in.
    pub(crate) async fn rebuild_reference(&self) -> ServiceResult<()> {
        let _reloading = self.reloading.lock().await;
        let fresh = Reference::load(&self.store, &self.lexicon().lexicon).await?;
        self.install_reference(fresh);
        Ok(())
    }

    /// Swap in reference data just built (under `reloading`).
    fn install_reference(&self, fresh: Reference) {
        let fresh = Arc::new(fresh);
        match self.reference.write() {
            Ok(mut r) => *r = fresh,
            Err(p) => *p.into_inner() = fresh,
        }
    }

    pub(crate) fn with_context<T>(
        &self,
        now: DateTime<Utc>,
        f: impl FnOnce(&Context, &Reference) -> T,
    ) -> T {
        let r = self.reference();
        let ctx = Context {
            now,
            calendar: &r.calendar,
            policy: &r.policy,
        };
        f(&ctx, &r)
    }
}
