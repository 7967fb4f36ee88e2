// The approver's review page works without this script. With it, a narrow screen (where the
// viewer frame stands above the nominees) keeps the frame folded until a document is opened;
// opening one "here" brings the frame into sight, and its title names the file it shows (what
// a screen reader announces for it).
(function () {
  'use strict';
  var viewer = document.getElementById('viewer');
  var section = viewer ? viewer.closest('.desk-viewer') : null;
  if (section) {
    section.classList.add('idle');
  }

  document.addEventListener('click', function (event) {
    var link = event.target instanceof Element ? event.target.closest('a[target="viewer"]') : null;
    if (!link || !viewer) {
      return;
    }

    if (section) {
      section.classList.remove('idle');
    }

    var title = viewer.getAttribute('data-title') || viewer.title;
    viewer.setAttribute('data-title', title);
    viewer.title = title + ': ' + (link.getAttribute('data-file') || '');
    var box = viewer.getBoundingClientRect();
    if (box.top < 0 || box.bottom > window.innerHeight) {
      viewer.scrollIntoView({ block: 'start' });
    }
  });
})();
