//! Optional SQLite persistence: sessions are written through so a restart keeps them.

use std::path::Path;
use std::sync::Mutex;

use rusqlite::{params, Connection};

use crate::sessions::Session;

/// A write-through session store in a SQLite file.
pub struct Store {
    conn: Mutex<Connection>,
}

impl Store {
    /// Opens (or creates) the file.
    pub fn open(path: &Path) -> rusqlite::Result<Self> {
        let conn = Connection::open(path)?;
        conn.execute_batch(
            "PRAGMA journal_mode=WAL;
             CREATE TABLE IF NOT EXISTS sessions (id TEXT PRIMARY KEY, body TEXT NOT NULL);",
        )?;
        Ok(Self {
            conn: Mutex::new(conn),
        })
    }

    /// Every stored session (rows that no longer decode are skipped with a warning).
    pub fn load(&self) -> rusqlite::Result<Vec<Session>> {
        let conn = self.conn.lock().unwrap_or_else(|e| e.into_inner());
        let mut stmt = conn.prepare("SELECT id, body FROM sessions")?;
        let rows = stmt.query_map([], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, body) = row?;
            match serde_json::from_str(&body) {
                Ok(session) => out.push(session),
                Err(e) => {
                    tracing::warn!(%id, "skipping a stored session that does not decode: {e}")
                }
            }
        }
        Ok(out)
    }

    /// Inserts or replaces a session.
    pub fn save(&self, session: &Session) {
        let body = match serde_json::to_string(session) {
            Ok(body) => body,
            Err(e) => return tracing::error!("could not encode session {}: {e}", session.id),
        };
        let conn = self.conn.lock().unwrap_or_else(|e| e.into_inner());
        if let Err(e) = conn.execute(
            "INSERT INTO sessions (id, body) VALUES (?1, ?2) ON CONFLICT(id) DO UPDATE SET body = excluded.body",
            params![session.id, body],
        ) {
            tracing::error!("could not store session {}: {e}", session.id);
        }
    }

    /// Deletes everything (control API reset).
    pub fn clear(&self) {
        let conn = self.conn.lock().unwrap_or_else(|e| e.into_inner());
        if let Err(e) = conn.execute("DELETE FROM sessions", []) {
            tracing::error!("could not clear the store: {e}");
        }
    }
}
