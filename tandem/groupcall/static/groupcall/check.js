// The device check: show the person their own camera and say whether the
// microphone and camera work. Nothing leaves this page.
// Its words come from the page, already in the reader's language (ADR 0061).
const WORDS = JSON.parse(document.getElementById("groupcall-words")?.textContent || "{}");
const word = (key) => WORDS[key] || "";
const preview = document.getElementById("groupcall-preview");
const result = document.getElementById("groupcall-devices");
navigator.mediaDevices?.getUserMedia({ audio: true, video: { width: 320, height: 240 } })
  .then((stream) => {
    preview.srcObject = stream;
    result.textContent = word("devicesWorking");
    window.addEventListener("pagehide", () => stream.getTracks().forEach((t) => t.stop()));
  })
  .catch(() => {
    result.textContent = word("devicesNotAvailable");
  });
