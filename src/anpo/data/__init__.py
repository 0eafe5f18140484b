"""Dataset loaders and the persistent data catalog (placeholder; the data layer provides the full
package)."""
