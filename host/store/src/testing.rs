//! A throwaway PostgreSQL cluster for tests (feature `testing`): Debian's server
//! binaries (`apt-get install postgresql`; `cargo xtask test` installs them when
//! missing), `initdb` into a temporary directory and `pg_ctl start` on a unix socket
//! in it, no TCP. As root, the server runs as the `postgres` user (it refuses root).
//!
//! A test that needs PostgreSQL fails with what to install when the binaries are
//! missing; it never skips itself.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicU32, Ordering};

/// A running cluster, stopped and removed when dropped.
#[derive(Debug)]
pub struct Cluster {
    dir: PathBuf,
    bin: PathBuf,
    as_postgres: bool,
    /// With TLS: the loopback port it also listens on.
    port: Option<u16>,
}

/// The newest `/usr/lib/postgresql/<version>/bin` with `initdb`.
fn bin_dir() -> Result<PathBuf, String> {
    let root = Path::new("/usr/lib/postgresql");
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir(root)
        .map_err(|_| {
            "PostgreSQL's server is not installed (/usr/lib/postgresql is missing): run `apt-get install postgresql`, or `cargo xtask test`, which installs it".to_string()
        })?
        .filter_map(Result::ok)
        .filter_map(|e| {
            let v = e.file_name().to_str()?.parse::<u32>().ok()?;
            let bin = e.path().join("bin");
            bin.join("initdb").exists().then_some((v, bin))
        })
        .collect();
    versions.sort();
    versions.pop().map(|(_, b)| b).ok_or_else(|| {
        "no initdb under /usr/lib/postgresql/*/bin: run `apt-get install postgresql`".into()
    })
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

impl Cluster {
    /// Creates and starts a cluster in a fresh temporary directory.
    ///
    /// # Errors
    /// PostgreSQL is not installed, or `initdb` or `pg_ctl` fails (their output).
    pub fn start() -> Result<Cluster, String> {
        Self::start_with(None)
    }

    /// A cluster that also listens on a loopback TCP port with TLS on, its
    /// certificate and key given (PEM): see [`Cluster::tcp_url`].
    ///
    /// # Errors
    /// As [`Cluster::start`], or the files cannot be written.
    pub fn start_tls(cert_pem: &str, key_pem: &str) -> Result<Cluster, String> {
        Self::start_with(Some((cert_pem, key_pem)))
    }

    fn start_with(tls: Option<(&str, &str)>) -> Result<Cluster, String> {
        static N: AtomicU32 = AtomicU32::new(0);
        let bin = bin_dir()?;
        let dir = std::env::temp_dir().join(format!(
            "loket-pg-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("data")).map_err(|e| e.to_string())?;
        let as_postgres = is_root();
        if as_postgres {
            let ok = Command::new("chown")
                .args(["-R", "postgres:postgres"])
                .arg(&dir)
                .status()
                .is_ok_and(|s| s.success());
            if !ok {
                return Err(format!(
                    "cannot give {} to the postgres user",
                    dir.display()
                ));
            }
        }
        // A free loopback port (taken back from the kernel just before the server
        // binds it).
        let port = match tls {
            Some(_) => Some(
                std::net::TcpListener::bind("127.0.0.1:0")
                    .and_then(|l| l.local_addr())
                    .map_err(|e| format!("no free port: {e}"))?
                    .port(),
            ),
            None => None,
        };
        let c = Cluster {
            dir,
            bin,
            as_postgres,
            port,
        };
        let data = c.dir.join("data");
        c.run(
            "initdb",
            &[
                "-D",
                &data.display().to_string(),
                "-U",
                "postgres",
                "--auth=trust",
                "--no-sync",
                "-E",
                "UTF8",
                "--locale=C",
            ],
        )?;
        if let Some((cert, key)) = tls {
            for (name, text) in [("server.crt", cert), ("server.key", key)] {
                let path = data.join(name);
                std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
                let mut chmod = Command::new("chmod");
                chmod.arg("600").arg(&path);
                let ok = chmod.status().is_ok_and(|s| s.success())
                    && (!c.as_postgres
                        || Command::new("chown")
                            .arg("postgres:postgres")
                            .arg(&path)
                            .status()
                            .is_ok_and(|s| s.success()));
                if !ok {
                    return Err(format!("cannot give {} to the server", path.display()));
                }
            }
        }
        c.pg_ctl_start()?;
        Ok(c)
    }

    fn run(&self, tool: &str, args: &[&str]) -> Result<(), String> {
        let exe = self.bin.join(tool);
        let mut cmd = if self.as_postgres {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(&exe);
            c
        } else {
            Command::new(&exe)
        };
        let out = cmd
            .args(args)
            .current_dir(&self.dir)
            .output()
            .map_err(|e| format!("{tool}: {e}"))?;
        if out.status.success() {
            Ok(())
        } else {
            Err(format!(
                "{tool} failed: {}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ))
        }
    }

    fn pg_ctl_start(&self) -> Result<(), String> {
        let data = self.dir.join("data").display().to_string();
        // `LOKET_TEST_PG_OPTS` adds server options (e.g. `-c log_min_duration_statement=10`
        // to find slow statements in `server.log`; `LOKET_TEST_PG_KEEP=1` keeps it).
        let listen = match self.port {
            Some(p) => format!("-c listen_addresses=127.0.0.1 -p {p} -c ssl=on"),
            None => "-c listen_addresses=''".to_string(),
        };
        let opts = format!(
            "{listen} -k {} -c max_connections=200 -c shared_buffers=64MB {}",
            self.dir.display(),
            std::env::var("LOKET_TEST_PG_OPTS").unwrap_or_default()
        );
        let log = self.dir.join("server.log").display().to_string();
        self.run(
            "pg_ctl",
            &["-D", &data, "-l", &log, "-o", &opts, "-w", "start"],
        )
    }

    /// Stops the server (`immediate`: as a crash would) and starts it again after
    /// `down` (the tests of a database restart under load).
    ///
    /// # Errors
    /// `pg_ctl` fails.
    pub fn stop(&self) -> Result<(), String> {
        let data = self.dir.join("data").display().to_string();
        self.run("pg_ctl", &["-D", &data, "-m", "immediate", "-w", "stop"])
    }

    /// Starts the server again after [`Cluster::stop`].
    ///
    /// # Errors
    /// `pg_ctl` fails.
    pub fn restart(&self) -> Result<(), String> {
        self.pg_ctl_start()
    }

    /// The connection string of database `db` (created by [`Cluster::create_db`]).
    pub fn url(&self, db: &str) -> String {
        // The socket's name carries the port.
        let port = self.port.map(|p| format!(" port={p}")).unwrap_or_default();
        format!(
            "host={}{port} user=postgres dbname={db}",
            self.dir.display()
        )
    }

    /// The TCP connection string of database `db` on a cluster started with
    /// [`Cluster::start_tls`], through `host` (`localhost` or `127.0.0.1`), with
    /// `extra` parameters (e.g. `sslmode=verify-full sslrootcert=…`).
    ///
    /// # Panics
    /// The cluster listens on no port.
    pub fn tcp_url(&self, db: &str, host: &str, extra: &str) -> String {
        let port = self.port.expect("a cluster started with start_tls");
        format!("host={host} port={port} user=postgres dbname={db} {extra}")
    }

    /// Creates database `db` and returns its connection string.
    ///
    /// # Errors
    /// The server refuses.
    pub fn create_db(&self, db: &str) -> Result<String, String> {
        // On a thread of its own: the client runs a runtime, which cannot start
        // inside a test's Tokio runtime.
        let (url, sql) = (self.url("postgres"), format!("CREATE DATABASE \"{db}\""));
        std::thread::spawn(move || {
            let mut c =
                postgres::Client::connect(&url, postgres::NoTls).map_err(|e| e.to_string())?;
            c.batch_execute(&sql).map_err(|e| e.to_string())
        })
        .join()
        .map_err(|_| "the thread creating the database panicked".to_string())??;
        Ok(self.url(db))
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = self.stop();
        if std::env::var("LOKET_TEST_PG_KEEP").is_ok_and(|v| v == "1") {
            eprintln!("the PostgreSQL cluster is kept in {}", self.dir.display());
        } else {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}
