// Injected at the top of every page by tests/browser.rs. It records console
// errors and failed loads, then checks the figures and the math once fonts
// are ready, and writes the verdict into <html data-cnn-check="...">.
(function () {
  const problems = [];
  const origError = console.error;
  console.error = function (...args) {
    problems.push("console.error: " + args.join(" "));
    origError.apply(console, args);
  };
  window.addEventListener("error", (e) => {
    const target = e.target && (e.target.src || e.target.href);
    problems.push(target ? "failed to load " + target : "script error: " + e.message);
  }, true);
  window.addEventListener("load", () => {
    document.fonts.ready.then(() => {
      const figures = [...document.querySelectorAll("figure.cnn-views")];
      figures.forEach((figure) => {
        const box = figure.getBoundingClientRect();
        if (box.width < 50 || box.height < 30) {
          problems.push("figure " + figure.id + " is " + box.width + "x" + box.height);
        }
        // A live interactive figure hides its static SVG on purpose; only the
        // figures' own SVGs count (mdBook puts icon SVGs into code blocks).
        figure.querySelectorAll(":scope:not(.cnn-live) svg.cnn-views").forEach((svg) => {
          const b = svg.getBoundingClientRect();
          if (b.width < 50 || b.height < 30) problems.push("svg in " + figure.id + " not drawn");
          if (b.right > document.documentElement.clientWidth + 1) {
            problems.push("svg in " + figure.id + " overflows the page");
          }
        });
      });
      const maths = [...document.querySelectorAll(".cnn-views math")];
      maths.forEach((math, i) => {
        const b = math.getBoundingClientRect();
        if (b.height < 12 || b.width < 20) problems.push("math " + i + " did not render");
        if (math.querySelector("merror")) problems.push("math " + i + " has an error");
      });
      if (maths.length && !document.fonts.check('16px "CNN Views Math"')) {
        problems.push("the math font did not load");
      }
      // Theme: SVG text must take the theme's ink, not the light fallback.
      const text = document.querySelector(".cnn-views .cnn-pixel text, .cnn-views .cnn-output text");
      const ink = getComputedStyle(document.body).color;
      const fill = text ? getComputedStyle(text).fill : ink;
      const theme = document.documentElement.className;
      document.documentElement.dataset.cnnCheck = JSON.stringify({
        theme, figures: figures.length, maths: maths.length, ink, fill, problems,
      });
    });
  });
})();
