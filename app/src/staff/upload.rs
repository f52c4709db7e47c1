//! A file sent to the server with a progress bar for its journey, and the
//! server's own progress read as it answers, a JSON line at a time: the
//! national list's upload and the campaign list check both go this way.

use leptos::wasm_bindgen::JsCast;
use leptos::wasm_bindgen::closure::Closure;
use serde::de::DeserializeOwned;
use web_sys::{File, ProgressEvent, XmlHttpRequest};

/// What the page hears of an upload.
pub struct Listeners<T> {
    /// Bytes sent of the file's size, as it goes.
    pub sent: Box<dyn Fn(f64, f64)>,
    /// The last complete line the server has sent, read.
    pub progress: Box<dyn Fn(T)>,
    /// The request failed, with the server's words when it said any.
    pub broken: Box<dyn Fn(Option<String>)>,
}

/// Posts `file` to `url` as `text/csv` with XMLHttpRequest, the one browser
/// API that reports an upload's progress.
pub fn send<T: DeserializeOwned + 'static>(url: &str, file: &File, listeners: Listeners<T>) {
    let Listeners {
        sent,
        progress,
        broken,
    } = listeners;
    let broken: std::rc::Rc<dyn Fn(Option<String>)> = broken.into();
    let Ok(request) = XmlHttpRequest::new() else {
        return broken(None);
    };
    if request.open("POST", url).is_err()
        || request
            .set_request_header("content-type", "text/csv")
            .is_err()
    {
        return broken(None);
    }
    let on_sent = Closure::<dyn FnMut(ProgressEvent)>::new(move |event: ProgressEvent| {
        sent(event.loaded(), event.total());
    });
    if let Ok(upload) = request.upload() {
        upload.set_onprogress(Some(on_sent.as_ref().unchecked_ref()));
    }
    on_sent.forget();
    let reader = request.clone();
    let refused = broken.clone();
    let progress = std::rc::Rc::new(progress);
    let read = move || {
        let status = reader.status().unwrap_or(0);
        let text = reader.response_text().ok().flatten().unwrap_or_default();
        if status != 200 && status != 0 {
            refused(Some(text.trim().to_owned()));
            return;
        }
        let complete = text.rfind('\n').map_or("", |end| &text[..end]);
        if let Some(line) = complete
            .lines()
            .rev()
            .find_map(|line| serde_json::from_str::<T>(line).ok())
        {
            progress(line);
        }
    };
    let on_progress = Closure::<dyn FnMut()>::new(read.clone());
    request.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
    on_progress.forget();
    let on_load = Closure::<dyn FnMut()>::new(read);
    request.set_onload(Some(on_load.as_ref().unchecked_ref()));
    on_load.forget();
    let failed = broken.clone();
    let on_error = Closure::<dyn FnMut()>::new(move || failed(None));
    request.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    on_error.forget();
    if request.send_with_opt_blob(Some(file)).is_err() {
        broken(None);
    }
}
