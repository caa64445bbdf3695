//! Command-line flags.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Parser;

/// Simulator of the Scripe and Booper job APIs; with `--dist`, also serves the dashboard.
#[derive(Debug, Clone, Parser)]
#[command(name = "jobscope-sim", version, about)]
pub struct Args {
    /// Address to listen on. Port 0 picks a free port; the address bound is printed.
    #[arg(long, visible_alias = "listen", default_value = "127.0.0.1:8787")]
    pub addr: SocketAddr,

    /// Serve this directory (the dashboard's built `dist/`) as a CDN would: SPA fallback to
    /// index.html, compression, immutable caching of hashed assets.
    #[arg(long, value_name = "DIR")]
    pub dist: Option<PathBuf>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_listen_on_loopback_8787_without_dist() {
        let args = Args::try_parse_from(["jobscope-sim"]).unwrap();
        assert_eq!(args.addr, "127.0.0.1:8787".parse().unwrap());
        assert!(args.dist.is_none());
    }

    #[test]
    fn flags_set_addr_and_dist() {
        let args =
            Args::try_parse_from(["jobscope-sim", "--listen", "0.0.0.0:0", "--dist", "dist"])
                .unwrap();
        assert_eq!(args.addr, "0.0.0.0:0".parse().unwrap());
        assert_eq!(args.dist, Some(PathBuf::from("dist")));
    }

    #[test]
    fn a_bad_address_is_rejected() {
        assert!(Args::try_parse_from(["jobscope-sim", "--addr", "localhost"]).is_err());
    }
}
