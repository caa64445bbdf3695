fn main() {
    // Panics (there should be none) reach the browser console with their message.
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(jobscope::App);
}
