//! The in-repo `uniffi-bindgen`, built from the same pinned uniffi as the scaffolding, so the
//! committed Kotlin and Swift sources always match the library (`scripts/generate.sh`).

fn main() {
    uniffi::uniffi_bindgen_main()
}
