// The device check: show the person their own camera and say whether the
// microphone and camera work. Nothing leaves this page.
const preview = document.getElementById("groupcall-preview");
const result = document.getElementById("groupcall-devices");
navigator.mediaDevices?.getUserMedia({ audio: true, video: { width: 320, height: 240 } })
  .then((stream) => {
    preview.srcObject = stream;
    result.textContent = "Camera and microphone: working";
    window.addEventListener("pagehide", () => stream.getTracks().forEach((t) => t.stop()));
  })
  .catch(() => {
    result.textContent = "Camera and microphone: not available. You can still join, listen and use the chat, or join by phone.";
  });
