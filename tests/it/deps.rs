//! roving never opens a network connection: no networking crate in the dependency tree.

use std::process::Command;

/// Crates that exist to talk over a network (HTTP clients and servers, TLS, sockets, async
/// network runtimes). `mio` is not here: crossterm uses it to poll the terminal.
const NETWORKING: &[&str] = &[
    "reqwest",
    "hyper",
    "hyper-util",
    "ureq",
    "curl",
    "curl-sys",
    "isahc",
    "surf",
    "attohttpc",
    "h2",
    "h3",
    "quinn",
    "rustls",
    "native-tls",
    "openssl",
    "openssl-sys",
    "socket2",
    "tokio",
    "async-std",
    "tungstenite",
    "tokio-tungstenite",
    "websocket",
    "trust-dns-resolver",
    "hickory-resolver",
    "libssh2-sys",
    "ssh2",
];

#[test]
fn no_networking_crate_in_the_dependency_tree() {
    let output = Command::new(env!("CARGO"))
        .args(["metadata", "--format-version", "1", "--locked"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo metadata runs");
    assert!(
        output.status.success(),
        "cargo metadata failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let metadata: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let packages = metadata["packages"].as_array().unwrap();
    assert!(packages.len() > 10, "metadata lists the dependency tree");
    let found: Vec<&str> = packages
        .iter()
        .filter_map(|p| p["name"].as_str())
        .filter(|name| NETWORKING.contains(name))
        .collect();
    assert!(found.is_empty(), "networking crates in the tree: {found:?}");
}
