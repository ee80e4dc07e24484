//! A small blocking WebDriver client for the browser tests: headless
//! Chromium through `chromedriver`, JSON over HTTP/1.1 on a
//! `std::net::TcpStream`. Only what the tests use: sessions, navigation,
//! scripts, elements, keys, pointer moves, the browser log and
//! screenshots.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// The key WebDriver names an element reference by.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// Keys as WebDriver spells them (private-use code points).
pub mod keys {
    /// Tab.
    pub const TAB: &str = "\u{E004}";
    /// Enter.
    pub const ENTER: &str = "\u{E007}";
    /// Backspace.
    pub const BACKSPACE: &str = "\u{E003}";
    /// Shift (held until released).
    pub const SHIFT: &str = "\u{E008}";
    /// Arrow right.
    pub const RIGHT: &str = "\u{E014}";
    /// Arrow left.
    pub const LEFT: &str = "\u{E012}";
    /// Arrow down.
    pub const DOWN: &str = "\u{E015}";
}

/// The first of `names` on PATH, or `env` if set; panics with `hint`, so
/// a missing program is a failure, never a silent pass.
pub fn program(env: &str, names: &[&str], hint: &str) -> PathBuf {
    if let Some(path) = std::env::var_os(env) {
        return PathBuf::from(path);
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    names
        .iter()
        .flat_map(|name| std::env::split_paths(&path).map(move |dir| dir.join(name)))
        .find(|candidate| candidate.is_file())
        .unwrap_or_else(|| panic!("{hint}"))
}

/// A running chromedriver and one browser session in it. Dropping it ends
/// the session and stops the driver it started.
pub struct Browser {
    driver: Child,
    port: u16,
    session: String,
    _profile: tempfile::TempDir,
}

/// An element of the current page.
#[derive(Debug, Clone)]
pub struct Element(String);

impl Element {
    fn json(&self) -> Value {
        json!({ ELEMENT: self.0 })
    }
}

impl Browser {
    /// Starts chromedriver and a headless Chromium of `width`×`height`
    /// with `javascript` on or off, logging the browser console.
    pub fn start(width: u32, height: u32, javascript: bool) -> Browser {
        let driver_path = program(
            "CHROMEDRIVER",
            &["chromedriver"],
            "no chromedriver on PATH: apt-get install chromium-driver, or set CHROMEDRIVER",
        );
        let chromium = program(
            "CHROMIUM",
            &["chromium", "chromium-browser", "google-chrome"],
            "no chromium on PATH: apt-get install chromium, or set CHROMIUM",
        );
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let driver = Command::new(driver_path)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let profile = tempfile::tempdir().unwrap();
        let mut browser = Browser {
            driver,
            port,
            session: String::new(),
            _profile: profile,
        };
        browser.wait_until_ready();
        let mut prefs = json!({});
        if !javascript {
            prefs = json!({ "profile.managed_default_content_settings.javascript": 2 });
        }
        let capabilities = json!({
            "capabilities": { "alwaysMatch": {
                "browserName": "chrome",
                "goog:loggingPrefs": { "browser": "ALL" },
                "goog:chromeOptions": {
                    "binary": chromium,
                    "args": [
                        "--headless=new",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-dev-shm-usage",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--no-first-run",
                        "--hide-scrollbars",
                        format!("--window-size={width},{height}"),
                        format!("--user-data-dir={}", browser._profile.path().display()),
                    ],
                    "prefs": prefs,
                }
            }}
        });
        let value = browser.call("POST", "/session", Some(capabilities));
        browser.session = value["sessionId"]
            .as_str()
            .expect("a session id")
            .to_string();
        browser
    }

    fn wait_until_ready(&self) {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(20) {
            if let Ok(value) = self.try_call("GET", "/status", None)
                && value["ready"].as_bool() == Some(true)
            {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("chromedriver did not start");
    }

    /// Opens a local file.
    pub fn open(&self, file: &Path) {
        let url = format!("file://{}", file.display());
        self.session_call("POST", "/url", Some(json!({ "url": url })));
    }

    /// Runs `body` as a function in the page with `args`; returns what it
    /// returns.
    pub fn run(&self, body: &str, args: Value) -> Value {
        self.session_call(
            "POST",
            "/execute/sync",
            Some(json!({ "script": body, "args": args })),
        )
    }

    /// The first element matching a CSS selector.
    pub fn find(&self, selector: &str) -> Element {
        let value = self.session_call(
            "POST",
            "/element",
            Some(json!({ "using": "css selector", "value": selector })),
        );
        Element(value[ELEMENT].as_str().expect("an element").to_string())
    }

    /// The element with focus.
    pub fn active(&self) -> Element {
        let value = self.session_call("GET", "/element/active", None);
        Element(value[ELEMENT].as_str().expect("an element").to_string())
    }

    /// Empties an input.
    pub fn clear(&self, element: &Element) {
        self.session_call("POST", &format!("/element/{}/clear", element.0), None);
    }

    /// Types `text` into an element, key by key.
    pub fn type_into(&self, element: &Element, text: &str) {
        self.session_call(
            "POST",
            &format!("/element/{}/value", element.0),
            Some(json!({ "text": text })),
        );
    }

    /// Presses and releases each key of `keys` on whatever has focus.
    pub fn keys(&self, keys: &[&str]) {
        let mut actions = Vec::new();
        for key in keys {
            actions.push(json!({ "type": "keyDown", "value": key }));
            actions.push(json!({ "type": "keyUp", "value": key }));
        }
        self.session_call(
            "POST",
            "/actions",
            Some(json!({ "actions": [{ "type": "key", "id": "keyboard", "actions": actions }] })),
        );
    }

    /// Moves the mouse to the middle of an element (a hover).
    pub fn hover(&self, element: &Element) {
        self.session_call(
            "POST",
            "/actions",
            Some(json!({ "actions": [{
                "type": "pointer",
                "id": "mouse",
                "parameters": { "pointerType": "mouse" },
                "actions": [{ "type": "pointerMove", "duration": 0, "origin": element.json(), "x": 0, "y": 0 }]
            }]})),
        );
    }

    /// Width and height of an element as laid out.
    pub fn size(&self, element: &Element) -> [f64; 2] {
        let rect = self.session_call("GET", &format!("/element/{}/rect", element.0), None);
        [
            rect["width"].as_f64().unwrap_or(0.0),
            rect["height"].as_f64().unwrap_or(0.0),
        ]
    }

    /// Whether an element is shown.
    pub fn displayed(&self, element: &Element) -> bool {
        self.session_call("GET", &format!("/element/{}/displayed", element.0), None)
            .as_bool()
            .unwrap_or(false)
    }

    /// An attribute of an element, if it has it.
    pub fn attribute(&self, element: &Element, name: &str) -> Option<String> {
        self.session_call(
            "GET",
            &format!("/element/{}/attribute/{name}", element.0),
            None,
        )
        .as_str()
        .map(str::to_string)
    }

    /// The page's address.
    pub fn url(&self) -> String {
        self.session_call("GET", "/url", None)
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// Passes an element to a script: use as an argument of [`Browser::run`].
    pub fn arg(&self, element: &Element) -> Value {
        element.json()
    }

    /// The browser console since the last call: `(level, message)`.
    pub fn log(&self) -> Vec<(String, String)> {
        let value = self.session_call("POST", "/se/log", Some(json!({ "type": "browser" })));
        value
            .as_array()
            .map(|entries| {
                entries
                    .iter()
                    .map(|e| {
                        (
                            e["level"].as_str().unwrap_or_default().to_string(),
                            e["message"].as_str().unwrap_or_default().to_string(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// A PNG of the window.
    pub fn screenshot(&self, file: &Path) {
        let value = self.session_call("GET", "/screenshot", None);
        let png = decode_base64(value.as_str().expect("base64 text"));
        std::fs::write(file, png).expect("the screenshot is written");
    }

    fn session_call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        self.call(method, &format!("/session/{}{path}", self.session), body)
    }

    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        self.try_call(method, path, body)
            .unwrap_or_else(|e| panic!("WebDriver {method} {path}: {e}"))
    }

    /// One request; the response's `value`, or its error as text.
    fn try_call(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value, String> {
        // A POST always carries a JSON object, if only an empty one.
        let body = match body {
            Some(body) => body.to_string(),
            None if method == "POST" => "{}".to_string(),
            None => String::new(),
        };
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).map_err(|e| e.to_string())?;
        stream
            .set_read_timeout(Some(Duration::from_secs(120)))
            .map_err(|e| e.to_string())?;
        write!(
            stream,
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            self.port,
            body.len()
        )
        .map_err(|e| e.to_string())?;
        // Read until the response is whole: the driver may keep the
        // connection open whatever the request asks.
        let mut raw = Vec::new();
        let mut chunk = [0u8; 16 * 1024];
        let (status, payload) = loop {
            let n = stream.read(&mut chunk).map_err(|e| e.to_string())?;
            raw.extend_from_slice(&chunk[..n]);
            match parse_response(&raw) {
                Ok(done) => break done,
                Err(e) if n == 0 => return Err(e),
                Err(_) => {}
            }
        };
        let json: Value = serde_json::from_slice(&payload).map_err(|e| e.to_string())?;
        if status != 200 {
            return Err(format!("status {status}: {}", json["value"]));
        }
        Ok(json["value"].clone())
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = self.try_call("DELETE", &format!("/session/{}", self.session), None);
        }
        // Only the driver this value started.
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// Status code and body of an HTTP/1.1 response (with a length or
/// chunked), or why it is not whole yet.
fn parse_response(raw: &[u8]) -> Result<(u16, Vec<u8>), String> {
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or("no end of headers")?;
    let head = String::from_utf8_lossy(&raw[..split]).to_ascii_lowercase();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or("no status")?;
    let mut body = &raw[split + 4..];
    if !head.contains("transfer-encoding: chunked") {
        let length = head
            .lines()
            .find_map(|line| line.strip_prefix("content-length:"))
            .and_then(|n| n.trim().parse::<usize>().ok())
            .ok_or("no length")?;
        return body
            .get(..length)
            .map(|b| (status, b.to_vec()))
            .ok_or_else(|| "short body".to_string());
    }
    let mut out = Vec::new();
    loop {
        let line_end = body
            .windows(2)
            .position(|w| w == b"\r\n")
            .ok_or("bad chunk")?;
        let size = usize::from_str_radix(
            String::from_utf8_lossy(&body[..line_end])
                .split(';')
                .next()
                .unwrap_or("")
                .trim(),
            16,
        )
        .map_err(|e| e.to_string())?;
        if size == 0 {
            return Ok((status, out));
        }
        let start = line_end + 2;
        out.extend_from_slice(body.get(start..start + size).ok_or("short chunk")?);
        body = body.get(start + size + 2..).ok_or("short chunk")?;
    }
}

fn decode_base64(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut buffer = 0u32;
    let mut bits = 0;
    for sextet in text.bytes().filter_map(value) {
        buffer = (buffer << 6) | u32::from(sextet);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
        }
    }
    out
}
