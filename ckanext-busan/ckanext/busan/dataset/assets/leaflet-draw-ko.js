/* Korean strings for Leaflet.draw (L.drawLocal), applied by busan-extent on Korean pages;
 * English pages keep Leaflet.draw's own strings. Kept beside the vendored library like a
 * locale file of it (flatpickr ships its `ko` the same way). */
this.busanDrawLocalKo = {
  draw: {
    toolbar: {
      actions: { title: "그리기 취소", text: "취소" },
      finish: { title: "그리기 마치기", text: "마치기" },
      undo: { title: "마지막 점 지우기", text: "마지막 점 지우기" },
      buttons: {
        polyline: "선 그리기",
        polygon: "다각형 그리기",
        rectangle: "사각형 그리기",
        circle: "원 그리기",
        marker: "표시 넣기",
        circlemarker: "원형 표시 넣기"
      }
    },
    handlers: {
      circle: { tooltip: { start: "누른 채 끌어 원을 그리세요." }, radius: "반지름" },
      circlemarker: { tooltip: { start: "지도를 눌러 표시를 넣으세요." } },
      marker: { tooltip: { start: "지도를 눌러 표시를 넣으세요." } },
      polygon: {
        tooltip: {
          start: "지도를 눌러 다각형을 그리기 시작하세요.",
          cont: "계속 눌러 꼭짓점을 더하세요.",
          end: "첫 점을 눌러 다각형을 닫으세요."
        }
      },
      polyline: {
        error: "<strong>오류:</strong> 선이 서로 교차할 수 없습니다.",
        tooltip: {
          start: "지도를 눌러 선을 그리기 시작하세요.",
          cont: "계속 눌러 선을 이으세요.",
          end: "마지막 점을 다시 눌러 마치세요."
        }
      },
      rectangle: { tooltip: { start: "누른 채 끌어 사각형을 그리세요." } },
      simpleshape: { tooltip: { end: "마우스를 놓으면 그리기가 끝납니다." } }
    }
  },
  edit: {
    toolbar: {
      actions: {
        save: { title: "바꾼 내용 저장", text: "저장" },
        cancel: { title: "편집을 취소하고 되돌리기", text: "취소" },
        clearAll: { title: "모두 지우기", text: "모두 지우기" }
      },
      buttons: {
        edit: "범위 편집",
        editDisabled: "편집할 범위가 없습니다",
        remove: "범위 지우기",
        removeDisabled: "지울 범위가 없습니다"
      }
    },
    handlers: {
      edit: {
        tooltip: {
          text: "꼭짓점을 끌어 범위를 고치세요.",
          subtext: "취소를 누르면 되돌립니다."
        }
      },
      remove: { tooltip: { text: "지울 범위를 누르세요." } }
    }
  }
};
